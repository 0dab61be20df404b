{#- The optional columns the KPIs read (seed kpi_inputs), per source: the columns
    fct_input_coverage reports on. A singular test (warehouse/tests/) keeps this list and the seed
    equal, so a KPI input added to the seed without a coverage row fails the build. -#}
{% macro kpi_input_columns() -%}
    {{ return({
        'meetings': ['attended', 'invited'],
        'meeting_actions': ['closed_date'],
        'initiatives': ['actual_end', 'attendees', 'beneficiaries', 'budget_planned', 'budget_spent', 'partners', 'planned_end'],
        'media_coverage': ['engagements', 'impressions', 'key_messages', 'reach'],
        'complaints': ['first_response_at', 'reopened_count', 'resolved_at', 'satisfaction'],
    }) }}
{%- endmacro %}
