{#- The rows behind each KPI, written once per source: every record a KPI looks at in a month, with
    what it adds to the numerator and the denominator. Both the KPI values (int_kpi_<source>,
    aggregated by kpis_from_rows) and the published rows (int_kpi_rows_<source> → fct_kpi_rows)
    are computed from these macros, so the scorecard and its drill-down cannot disagree. -#}

{#- One select of the rows behind one KPI, from `inputs` (one row per record and month, with
    month_start, region_code, secretariat_code). `rows` is the condition that puts a record behind
    the KPI in the month; `counts` the condition that counts it in the numerator.
    numerator: what a counted record adds to the numerator ('1' counts it, an expression sums it,
    'null' for a distinct count of record_id, none when the KPI has no numerator: medians).
    denominator: what a record adds to the denominator (none: the KPI has none).
    observed: the record's observation for a median KPI.
    reported: leave out the records whose file did not carry a column the KPI reads (seed
    kpi_inputs; `inputs` then has file_sha256), and those whose value of a categorical input is
    `unknown` (kpi_known_inputs): they are neither counted nor zero. -#}
{% macro kpi_rows(kpi_code, source, inputs, record_id, rows, counts='true', numerator='1', denominator=none, observed=none, reported=true) -%}
    select
        month_start,
        region_code,
        secretariat_code,
        '{{ kpi_code }}' as kpi_code,
        '{{ source }}' as source,
        {{ record_id }} as record_id,
        {{ 'coalesce(' ~ counts ~ ', false)' if numerator is not none else 'false' }} as in_numerator,
        {{ 'true' if denominator is not none else 'false' }} as in_denominator,
        {%- if numerator is none or numerator == 'null' %}
        cast(null as {{ kpi_amount_type() }}) as numerator_value,
        {%- else %}
        cast(case when coalesce({{ counts }}, false) then {{ numerator }} else 0 end as {{ kpi_amount_type() }}) as numerator_value,
        {%- endif %}
        cast({{ denominator if denominator is not none else 'null' }} as {{ kpi_amount_type() }}) as denominator_value,
        cast({{ observed if observed is not none else 'null' }} as double) as observed_value
    from {{ inputs }}
    where {{ rows }}
    {%- if reported %}{% for column in kpi_known_inputs().get(kpi_code, []) %}
        and coalesce({{ column }}, '') <> 'unknown'
    {%- endfor %}
        and file_sha256 not in (
            select file_sha256 from {{ ref('int_files_missing_kpi_inputs') }} where kpi_code = '{{ kpi_code }}'
        )
    {%- endif %}
{%- endmacro %}


{#- The categorical columns each KPI reads whose value may be `unknown` (a file that does not
    say: contracts.py `fallbacks`). A record whose value is unknown does not report the KPI — it
    is left out, like a record whose file lacked a column (seed kpi_inputs), and the unit's
    input_coverage says how much of its month reported; a unit whose records all are unknown is
    not_reported. Net sentiment is over the items with a sentiment only. -#}
{% macro kpi_known_inputs() -%}
    {{ return({
        'MTG_EXTERNAL_SHARE': ['meeting_type'],
        'MED_NET_SENTIMENT': ['sentiment'],
        'MED_NEGATIVE_SHARE': ['sentiment'],
        'MED_ENGAGEMENT_RATE': ['outlet_type', 'owned_or_earned'],
        'MED_EARNED_SHARE': ['owned_or_earned'],
        'CMP_FIRST_RESPONSE_SLA': ['channel'],
        'CMP_SOCIAL_RESPONSE_RATE': ['channel'],
    }) }}
{%- endmacro %}


{#- What a record adds to a numerator or denominator (counts, people, money), as a decimal added
    exactly — a sum of decimals does not depend on the order the engine adds them in, so the KPI
    values are the same bits as summing the source columns themselves. -#}
{% macro kpi_amount_type() -%}
    decimal(38, 6)
{%- endmacro %}


{#- Meetings (MTG_*), from stg_meetings with month_start = the meeting's month. -#}
{% macro meetings_kpi_rows(inputs) -%}
    {{ kpi_rows('MTG_HELD', 'meetings', inputs, 'meeting_id', "status = 'held'") }}
    union all
    {{ kpi_rows('MTG_PLAN_ADHERENCE', 'meetings', inputs, 'meeting_id', 'true', counts="status = 'held'", denominator='1') }}
    union all
    {{ kpi_rows('MTG_EXTERNAL_SHARE', 'meetings', inputs, 'meeting_id', "status = 'held'",
                counts="meeting_type in ('executive_body', 'political_entity', 'community_partner')", denominator='1') }}
    union all
    {{ kpi_rows('MTG_ATTENDANCE', 'meetings', inputs, 'meeting_id',
                "status = 'held' and invited is not null and attended is not null",
                numerator='attended', denominator='invited') }}
{%- endmacro %}


{#- Action items and directives (ACT_*, DIR_*), from int_meeting_actions_monthly. -#}
{% macro meeting_actions_kpi_rows(inputs) -%}
    {{ kpi_rows('ACT_ON_TIME', 'meeting_actions', inputs, 'action_id', 'is_due', counts='is_closed_on_time', denominator='1') }}
    union all
    {{ kpi_rows('DIR_ON_TIME', 'meeting_actions', inputs, 'action_id', "is_due and origin = 'directive'",
                counts='is_closed_on_time', denominator='1') }}
    union all
    {{ kpi_rows('ACT_OVERDUE_OPEN', 'meeting_actions', inputs, 'action_id', 'is_overdue_at_month_end') }}
    union all
    {{ kpi_rows('ACT_OVERDUE_SHARE', 'meeting_actions', inputs, 'action_id', 'is_open_at_month_end',
                counts='is_overdue_at_month_end', denominator='1') }}
{%- endmacro %}


{#- Initiatives and events (INI_*, EVT_*), from int_initiatives_monthly; INI_PARTNERS from
    `partner_engagements`: one row per partner organisation (partner_key) engaged by a unit's
    initiatives running in the month — counted once per unit and month, and once at every
    roll-up (a distinct count of record_id). -#}
{% macro initiatives_kpi_rows(inputs, partner_engagements) -%}
    {{ kpi_rows('INI_COMPLETED', 'initiatives', inputs, 'initiative_id', 'is_completed') }}
    union all
    {{ kpi_rows('INI_ON_TIME', 'initiatives', inputs, 'initiative_id', 'is_completed and has_planned_end',
                counts='is_on_time', denominator='1') }}
    union all
    {{ kpi_rows('INI_BENEFICIARIES', 'initiatives', inputs, 'initiative_id', 'is_completed',
                numerator='coalesce(beneficiaries, 0)') }}
    union all
    {{ kpi_rows('EVT_MASS_ATTENDANCE', 'initiatives', inputs, 'initiative_id',
                "is_completed and initiative_type = 'mass_event'", numerator='coalesce(attendees, 0)') }}
    union all
    {{ kpi_rows('INI_PARTNERS', 'initiative_partners', partner_engagements, 'partner_key', 'true', numerator='null',
                reported=false) }}
    union all
    {{ kpi_rows('INI_COST_PER_BENEFICIARY', 'initiatives', inputs, 'initiative_id',
                'is_completed and budget_spent is not null and beneficiaries is not null',
                numerator='budget_spent', denominator='beneficiaries') }}
    union all
    {{ kpi_rows('INI_BUDGET_EXECUTION', 'initiatives', inputs, 'initiative_id',
                'is_completed and budget_spent is not null and budget_planned is not null',
                numerator='budget_spent', denominator='budget_planned') }}
{%- endmacro %}


{#- The partner organisations engaged by running initiatives: one row per month, unit and
    partner, from int_initiatives_monthly (`lifecycles`) and int_initiative_partners. -#}
{% macro partner_engagements(lifecycles, partners) -%}
    select distinct
        {{ lifecycles }}.month_start,
        {{ lifecycles }}.region_code,
        {{ lifecycles }}.secretariat_code,
        {{ partners }}.partner_key
    from {{ lifecycles }}
    inner join {{ partners }} on {{ lifecycles }}.initiative_id = {{ partners }}.initiative_id
    where {{ lifecycles }}.is_running
{%- endmacro %}


{#- Media (MED_*), from stg_media_coverage with month_start = the month of publication. -#}
{% macro media_kpi_rows(inputs) -%}
    {{ kpi_rows('MED_ITEMS', 'media_coverage', inputs, 'item_id', 'true') }}
    union all
    {{ kpi_rows('MED_NET_SENTIMENT', 'media_coverage', inputs, 'item_id', 'true',
                counts="sentiment in ('positive', 'negative')",
                numerator="case when sentiment = 'positive' then 1 else -1 end", denominator='1') }}
    union all
    {{ kpi_rows('MED_PULL_THROUGH', 'media_coverage', inputs, 'item_id', 'true',
                counts="coalesce(key_messages, '') <> ''", denominator='1') }}
    union all
    {{ kpi_rows('MED_REACH', 'media_coverage', inputs, 'item_id', 'true', numerator='coalesce(reach, 0)') }}
    union all
    {{ kpi_rows('MED_ENGAGEMENT_RATE', 'media_coverage', inputs, 'item_id',
                "outlet_type = 'social' and owned_or_earned = 'owned' and impressions is not null and engagements is not null",
                numerator='engagements', denominator='impressions') }}
    union all
    {{ kpi_rows('MED_EARNED_SHARE', 'media_coverage', inputs, 'item_id', 'true',
                counts="owned_or_earned = 'earned'", denominator='1') }}
    union all
    {{ kpi_rows('MED_NEGATIVE_SHARE', 'media_coverage', inputs, 'item_id', 'true',
                counts="sentiment = 'negative'", denominator='1') }}
{%- endmacro %}


{#- Complaints and inquiries (CMP_*), from int_complaints_monthly. -#}
{% macro complaints_kpi_rows(inputs) -%}
    {{ kpi_rows('CMP_RECEIVED', 'complaints', inputs, 'ticket_id', 'is_received') }}
    union all
    {{ kpi_rows('CMP_FIRST_RESPONSE_SLA', 'complaints', inputs, 'ticket_id', 'is_received',
                counts='first_response_within_sla', denominator='1') }}
    union all
    {{ kpi_rows('CMP_MEDIAN_FIRST_RESPONSE_H', 'complaints', inputs, 'ticket_id',
                'is_received and first_response_hours is not null',
                numerator=none, denominator='1', observed='first_response_hours') }}
    union all
    {{ kpi_rows('CMP_RESOLVED_SLA', 'complaints', inputs, 'ticket_id', 'is_resolved',
                counts='resolved_within_sla', denominator='1') }}
    union all
    {{ kpi_rows('CMP_BACKLOG', 'complaints', inputs, 'ticket_id', 'is_open_at_month_end') }}
    union all
    {{ kpi_rows('CMP_OVERDUE_SHARE', 'complaints', inputs, 'ticket_id', 'is_open_at_month_end',
                counts='is_overdue_at_month_end', denominator='1') }}
    union all
    {{ kpi_rows('CMP_REOPEN_RATE', 'complaints', inputs, 'ticket_id', 'is_resolved',
                counts='was_reopened', denominator='1') }}
    union all
    {{ kpi_rows('CMP_CSAT', 'complaints', inputs, 'ticket_id', 'is_resolved and satisfaction is not null',
                counts='is_satisfied', denominator='1') }}
    union all
    {{ kpi_rows('CMP_SOCIAL_RESPONSE_RATE', 'complaints', inputs, 'ticket_id', "is_received and channel = 'social'",
                counts='has_response', denominator='1') }}
    union all
    {{ kpi_rows('CMP_MEDIAN_RESOLUTION_H', 'complaints', inputs, 'ticket_id', 'is_resolved',
                numerator=none, denominator='1', observed='resolution_hours') }}
{%- endmacro %}


{#- Which of a unit's records in a month report each KPI: one row per KPI × month × unit (grouped
    by group_by_kpi_levels), with records_active (the unit's records with an event in the month:
    what has_data counts) and records_reporting (those whose file carried every column the KPI
    reads, seed kpi_inputs, and whose categorical inputs are not `unknown`, kpi_known_inputs). `records` has month_start, region_code, secretariat_code and
    file_sha256; `active` says which rows count; `kpi_codes` lists the source's KPIs. A unit with
    data but no reporting record is not reported for the KPI (kpis_from_rows). -#}
{% macro kpi_coverage(records, kpi_codes, active='true') -%}
    {%- set known = kpi_codes | select('in', kpi_known_inputs().keys() | list) | list -%}
    select
        kpis.kpi_code,
        files.month_start,
        coalesce(files.region_code, 'ALL') as region_code,
        coalesce(files.secretariat_code, 'ALL') as secretariat_code,
        cast(sum(files.records) as bigint) as records_active,
        cast(sum(case when missing.file_sha256 is not null then 0
            {%- for kpi_code in known %}
            when kpis.kpi_code = '{{ kpi_code }}' then files.known_{{ loop.index }}
            {%- endfor %}
            else files.records end) as bigint) as records_reporting
    from (
        -- no secretariat (media): a placeholder that only the roll-ups keep
        select month_start, region_code, coalesce(secretariat_code, '-') as secretariat_code, file_sha256,
               {%- for kpi_code in known %}
               count(case when {% for column in kpi_known_inputs()[kpi_code] %}coalesce({{ column }}, '') <> 'unknown'{% if not loop.last %} and {% endif %}{% endfor %} then 1 end) as known_{{ loop.index }},
               {%- endfor %}
               count(*) as records
        from {{ records }}
        where {{ active }}
        group by month_start, region_code, coalesce(secretariat_code, '-'), file_sha256
    ) as files
    cross join (
        {% for kpi_code in kpi_codes %}select '{{ kpi_code }}' as kpi_code{% if not loop.last %} union all {% endif %}{% endfor %}
    ) as kpis
    left join (
        select distinct kpi_code, file_sha256 from {{ ref('int_files_missing_kpi_inputs') }}
    ) as missing
        on missing.kpi_code = kpis.kpi_code
        and missing.file_sha256 = files.file_sha256
    group by grouping sets (
        (kpis.kpi_code, files.month_start, files.region_code, files.secretariat_code),
        (kpis.kpi_code, files.month_start, files.region_code),
        (kpis.kpi_code, files.month_start, files.secretariat_code),
        (kpis.kpi_code, files.month_start)
    )
{%- endmacro %}


{#- The KPI values of one source from its rows (`rows`, the union above) and its activity
    (`activity`: has_data and last_ingested_at per month × unit, grouped by group_by_kpi_levels).
    Every level is recomputed from the rows: sums of what each row adds, the number of distinct
    records for a distinct count, the median of the observations. A unit without data for the
    source gets nulls; one with data but no row behind a KPI gets zeros. `kpis` lists
    (kpi_code, value) with value 'count' (= numerator: counts and sums), 'distinct', 'ratio'
    (numerator ÷ denominator), 'ratio_100' (× 100) or 'median'. Continues a WITH: renders the
    CTEs kpi_sums and units, then the union of one select per KPI. `coverage` (kpi_coverage):
    a unit with data whose records all come from files without a column the KPI reads is
    'not_reported' — has_data false, value null — never 0. -#}
{% macro kpis_from_rows(kpis, rows='kpi_rows', activity='activity', coverage='coverage') -%}
kpi_sums as (

    select
        kpi_code,
        month_start,
        coalesce(region_code, 'ALL') as region_code,
        coalesce(secretariat_code, 'ALL') as secretariat_code,
        sum(numerator_value) as numerator_sum,
        count(distinct case when in_numerator then record_id end) as numerator_records,
        sum(denominator_value) as denominator_sum,
        count(distinct case when in_denominator then record_id end) as denominator_records,
        {{ median('observed_value') }} as observed_median
    from (
        -- no secretariat (media): a placeholder that only the roll-ups keep
        select kpi_code, month_start, region_code, coalesce(secretariat_code, '-') as secretariat_code,
               record_id, in_numerator, in_denominator, numerator_value, denominator_value, observed_value
        from {{ rows }}
    ) as keyed_rows
    group by grouping sets (
        (kpi_code, month_start, region_code, secretariat_code),
        (kpi_code, month_start, region_code),
        (kpi_code, month_start, secretariat_code),
        (kpi_code, month_start)
    )

),

units as (

    select
        month_start,
        coalesce(region_code, 'ALL') as region_code,
        coalesce(secretariat_code, 'ALL') as secretariat_code,
        has_data,
        last_ingested_at
    from {{ activity }}

)

{% for kpi_code, kind in kpis %}
{%- set numerator = 'coalesce(kpi_sums.numerator_records, 0)' if kind == 'distinct'
    else ('null' if kind == 'median' else 'coalesce(kpi_sums.numerator_sum, 0)') -%}
{%- set denominator = 'coalesce(kpi_sums.denominator_sum, 0)' if kind in ('ratio', 'ratio_100', 'median') else 'null' -%}
{%- if kind == 'median' -%}
    {%- set value = 'kpi_sums.observed_median' -%}
{%- elif kind in ('ratio', 'ratio_100') -%}
    {%- set value = safe_ratio(numerator, denominator) ~ (' * 100' if kind == 'ratio_100' else '') -%}
{%- else -%}
    {%- set value = 'cast(' ~ numerator ~ ' as double)' -%}
{%- endif %}
select
    month_start,
    region_code,
    secretariat_code,
    kpi_code,
    value_status = 'reported' as has_data,
    value_status,
    last_ingested_at,
    case when value_status = 'reported' then numerator end as numerator,
    case when value_status = 'reported' then denominator end as denominator,
    case when value_status = 'reported' then value end as value,
    case when value_status = 'reported' and {{ 'true' if kind in ('ratio', 'ratio_100', 'median') else 'false' }}
        then coalesce(denominator_records, 0) end as sample_size,
    records_active,
    records_reporting
from (
    select
        units.month_start,
        units.region_code,
        units.secretariat_code,
        '{{ kpi_code }}' as kpi_code,
        case
            when not units.has_data then 'no_data'
            when coalesce({{ coverage }}.records_reporting, {{ coverage }}.records_active, 1) = 0 then 'not_reported'
            else 'reported'
        end as value_status,
        units.last_ingested_at,
        cast({{ numerator }} as double) as numerator,
        cast({{ denominator }} as double) as denominator,
        {{ value }} as value,
        kpi_sums.denominator_records,
        case when units.has_data then coalesce({{ coverage }}.records_active, 0) end as records_active,
        case when units.has_data then coalesce({{ coverage }}.records_reporting, 0) end as records_reporting
    from units
    left join kpi_sums
        on kpi_sums.kpi_code = '{{ kpi_code }}'
        and units.month_start = kpi_sums.month_start
        and units.region_code = kpi_sums.region_code
        and units.secretariat_code = kpi_sums.secretariat_code
    left join {{ coverage }}
        on {{ coverage }}.kpi_code = '{{ kpi_code }}'
        and units.month_start = {{ coverage }}.month_start
        and units.region_code = {{ coverage }}.region_code
        and units.secretariat_code = {{ coverage }}.secretariat_code
) as {{ kpi_code | lower }}_values
{% if not loop.last %}union all{% endif %}
{% endfor %}
{%- endmacro %}
