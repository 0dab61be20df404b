{#- fct_input_coverage reports on the columns of macros/input_columns.sql: they must be exactly
    the (source, column) pairs of the seed kpi_inputs. Returns the pairs on one side only. -#}
with listed as (

    {% for source, columns in kpi_input_columns().items() %}
    {% for column in columns %}
    select '{{ source }}' as source, '{{ column }}' as column_name
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

seeded as (

    select distinct source, column_name from {{ ref('kpi_inputs') }}

)

select 'only in macros/input_columns.sql' as side, * from (select * from listed except select * from seeded) as a
union all
select 'only in seed kpi_inputs' as side, * from (select * from seeded except select * from listed) as b
