{#- Text of the month in review (fct_month_review) and of alerts (fct_alerts), written in SQL so
    that the app, the report pack and the SQL console read one text. Numbers as the dashboards
    write them (dashboards/fmt.py): Western digits in both languages, ',' for thousands, '.' for
    decimals, shares as percentages; inside Arabic text every number sits in a left-to-right
    isolate (U+2066 … U+2069) so that signs and '%' keep their order. Counts with their noun take
    the Arabic plural forms of dashboards/catalogue.py (PLURALS; a test holds the two equal). -#}


{#- A non-negative number with `decimals` decimals and thousands separators: '1,234.5'. Callers
    pass absolute values and write the sign themselves (a rounded -0.001 must not read '-0.00'). -#}
{% macro fmt_number(expression, decimals) -%}
    {{ return(adapter.dispatch('fmt_number', 'mizan')(expression, decimals)) }}
{%- endmacro %}

{% macro default__fmt_number(expression, decimals) -%}
    format('{:,.{{ decimals }}f}', cast({{ expression }} as double))
{%- endmacro %}

{% macro spark__fmt_number(expression, decimals) -%}
    format_number(cast({{ expression }} as double), {{ decimals }})
{%- endmacro %}


{#- A fragment kept left to right inside Arabic text. -#}
{% macro ltr(expression) -%}
    ('⁦' || {{ expression }} || '⁩')
{%- endmacro %}


{#- Decimals a value per 100,000 is shown with (dashboards.fmt.auto_decimals). -#}
{% macro auto_decimals_number(expression) -%}
    {%- set expression = '(' ~ expression ~ ')' -%}
    case
        when abs({{ expression }}) >= 100 then {{ fmt_number('abs(' ~ expression ~ ')', 0) }}
        when abs({{ expression }}) >= 10 then {{ fmt_number('abs(' ~ expression ~ ')', 1) }}
        when abs({{ expression }}) > 0 then {{ fmt_number('abs(' ~ expression ~ ')', 2) }}
        else '0'
    end
{%- endmacro %}


{#- The magnitude of a KPI value or change in its unit, without sign or unit word: shares and
    ratios as percentages ('62.5%'; a change in percentage points, '5.2'), values per 100,000 with
    the decimals they need, hours and points with one decimal, money with two below 100, counts
    whole (one decimal when not whole). -#}
{% macro kpi_magnitude(expression, unit, per_100k, is_change=false) -%}
    {%- set expression = '(' ~ expression ~ ')' -%}
    case
        when {{ unit }} in ('share', 'ratio')
            then {{ fmt_number('abs(100 * ' ~ expression ~ ')', 1) }}{% if not is_change %} || '%'{% endif %}
        when {{ per_100k }} then {{ auto_decimals_number(expression) }}
        when {{ unit }} in ('hours', 'points') then {{ fmt_number('abs(' ~ expression ~ ')', 1) }}
        when {{ unit }} = 'currency' and abs({{ expression }}) < 100 then {{ fmt_number('abs(' ~ expression ~ ')', 2) }}
        when {{ unit }} = 'currency' then {{ fmt_number('abs(' ~ expression ~ ')', 0) }}
        when {{ expression }} = floor({{ expression }}) then {{ fmt_number('abs(' ~ expression ~ ')', 0) }}
        else {{ fmt_number('abs(' ~ expression ~ ')', 1) }}
    end
{%- endmacro %}


{#- A KPI value as a reader reads it, in 'ar' or 'en': '62.5%', '12.5 ساعة', '3.41 لكل 100 ألف نسمة'. -#}
{% macro kpi_value_text(expression, unit, per_100k, language) -%}
    {%- set expression = '(' ~ expression ~ ')' -%}
    {%- set sign = "case when " ~ expression ~ " < 0 then '−' else '' end" -%}
    {%- set number = "(" ~ sign ~ " || " ~ kpi_magnitude(expression, unit, per_100k) ~ ")" -%}
    {%- if language == 'ar' -%}
    case
        when {{ expression }} is null then '—'
        when {{ per_100k }} then {{ ltr(number) }} || ' لكل 100 ألف نسمة'
        when {{ unit }} = 'hours' then {{ ltr(number) }} || ' ساعة'
        else {{ ltr(number) }}
    end
    {%- else -%}
    case
        when {{ expression }} is null then '—'
        when {{ per_100k }} then {{ number }} || ' per 100,000 inhabitants'
        when {{ unit }} = 'hours' then {{ number }} || ' h'
        else {{ number }}
    end
    {%- endif -%}
{%- endmacro %}


{#- A signed change of a KPI in its unit's terms: '+5.2 نقطة مئوية' / '+5.2 percentage points'
    for shares, the unit otherwise. -#}
{% macro kpi_change_text(expression, unit, per_100k, language) -%}
    {%- set expression = '(' ~ expression ~ ')' -%}
    {%- set sign = "case when " ~ expression ~ " > 0 then '+' when " ~ expression ~ " < 0 then '−' else '±' end" -%}
    {%- set number = "(" ~ sign ~ " || " ~ kpi_magnitude(expression, unit, per_100k, is_change=true) ~ ")" -%}
    {%- if language == 'ar' -%}
    case
        when {{ unit }} in ('share', 'ratio') then {{ ltr(number) }} || ' نقطة مئوية'
        when {{ per_100k }} then {{ ltr(number) }} || ' لكل 100 ألف نسمة'
        when {{ unit }} = 'hours' then {{ ltr(number) }} || ' ساعة'
        when {{ unit }} = 'points' then {{ ltr(number) }} || ' نقطة'
        else {{ ltr(number) }}
    end
    {%- else -%}
    case
        when {{ unit }} in ('share', 'ratio') then {{ number }} || ' percentage points'
        when {{ per_100k }} then {{ number }} || ' per 100,000 inhabitants'
        when {{ unit }} = 'hours' then {{ number }} || ' h'
        when {{ unit }} = 'points' then {{ number }} || ' points'
        else {{ number }}
    end
    {%- endif -%}
{%- endmacro %}


{#- A signed number of points with one decimal ('+3.1'), e.g. a composite's change. -#}
{% macro signed_points(expression) -%}
    {%- set expression = '(' ~ expression ~ ')' -%}
    (case when {{ expression }} > 0 then '+' when {{ expression }} < 0 then '−' else '±' end
        || {{ fmt_number('abs(' ~ expression ~ ')', 1) }})
{%- endmacro %}


{#- Plural forms of counted nouns: five Arabic forms (CLDR: one, two, few 3–10, many 11–99,
    other 0 and 100–102 …) and two English ones; '{n}' is the count. The Arabic ones of n_regions
    and n_places are dashboards/catalogue.py's PLURALS; the others are added there too (a test
    compares them). -#}
{% macro plural_forms() -%}
    {{ return({
        'n_places': (
            ['مركزاً واحداً', 'مركزين', '{n} مراكز', '{n} مركزاً', '{n} مركز'],
            ['{n} place', '{n} places']),
        'n_months': (
            ['شهر واحد', 'شهرين', '{n} أشهر', '{n} شهراً', '{n} شهر'],
            ['{n} month', '{n} months']),
        'n_regions': (
            ['منطقة واحدة', 'منطقتان', '{n} مناطق', '{n} منطقة', '{n} منطقة'],
            ['{n} region', '{n} regions']),
        'n_regions_genitive': (
            ['منطقة واحدة', 'منطقتين', '{n} مناطق', '{n} منطقة', '{n} منطقة'],
            ['{n} region', '{n} regions']),
        'n_kpis': (
            ['مؤشر واحد', 'مؤشران', '{n} مؤشرات', '{n} مؤشراً', '{n} مؤشر'],
            ['{n} KPI', '{n} KPIs']),
        'n_records': (
            ['سجل واحد', 'سجلين', '{n} سجلات', '{n} سجلاً', '{n} سجل'],
            ['{n} record', '{n} records']),
    }) }}
{%- endmacro %}

{#- `count` (an integer expression) with its noun `key` in `language`. -#}
{% macro plural(count, key, language) -%}
    {%- set forms = plural_forms()[key][0 if language == 'ar' else 1] -%}
    {%- set number = fmt_number('abs(' ~ count ~ ')', 0) -%}
    {%- set shown = ltr(number) if language == 'ar' else number -%}
    {%- set rendered = [] -%}
    {%- for template in forms -%}
        {%- set parts = template.split('{n}') -%}
        {%- if parts | length == 1 -%}
            {%- do rendered.append("'" ~ template ~ "'") -%}
        {%- else -%}
            {%- do rendered.append("('" ~ parts[0] ~ "' || " ~ shown ~ " || '" ~ parts[1] ~ "')") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if language == 'ar' -%}
    case
        when abs({{ count }}) = 1 then {{ rendered[0] }}
        when abs({{ count }}) = 2 then {{ rendered[1] }}
        when abs({{ count }}) % 100 between 3 and 10 then {{ rendered[2] }}
        when abs({{ count }}) % 100 between 11 and 99 then {{ rendered[3] }}
        else {{ rendered[4] }}
    end
    {%- else -%}
    case when abs({{ count }}) = 1 then {{ rendered[0] }} else {{ rendered[1] }} end
    {%- endif -%}
{%- endmacro %}


{#- The sources as the data-quality page names them (dashboards/catalogue.py, source_*), and the
    order they are listed in. -#}
{% macro source_names() -%}
    {{ return({
        'meetings': ('الاجتماعات', 'meetings'),
        'meeting_actions': ('التكليفات والتوجيهات', 'action items and directives'),
        'initiatives': ('المبادرات والفعاليات', 'initiatives and events'),
        'media_coverage': ('التغطية الإعلامية', 'media coverage'),
        'complaints': ('البلاغات', 'complaints and inquiries'),
    }) }}
{%- endmacro %}

{% macro source_name(source, language) -%}
    case {{ source }}
    {%- for code, names in source_names().items() %}
        when '{{ code }}' then '{{ names[0] if language == 'ar' else names[1] }}'
    {%- endfor %}
        else {{ source }}
    end
{%- endmacro %}

{% macro source_order(source) -%}
    case {{ source }}
    {%- for code in source_names() %}
        when '{{ code }}' then {{ loop.index }}
    {%- endfor %}
        else 99
    end
{%- endmacro %}
