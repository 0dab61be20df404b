{#- Alerts: what the rules of the seed alert_rules find, one row per rule × region × month, with
    the KPIs (or sources) concerned and the text of the alert in Arabic and English. Deterministic
    from the marts: the same build gives the same alerts. Which are raised and when, and to whom
    they were sent, is kept outside the snapshot (mizan.alerts): an alert is raised once, from
    raise_on, and a rebuild does not raise it again. Regions only (the organisation roll-up has
    no one to answer for it); all secretariats together. -#}

with rules as (

    select * from {{ ref('alert_rules') }}

),

kpis as (

    select
        kpi_code,
        name_ar,
        name_en,
        unit,
        source,
        score_basis = 'per_100k' as per_100k,
        sort_order
    from {{ ref('dim_kpi') }}

),

regions as (

    select region_code, region_name_ar, region_name_en
    from {{ ref('dim_region') }}
    where not is_rollup

),

months as (

    select month_start, next_month_start from {{ ref('int_month_spine') }}

),

monthly as (

    select
        facts.month_start,
        facts.region_code,
        facts.kpi_code,
        facts.value_status,
        facts.numerator,
        facts.denominator,
        facts.value,
        facts.value_scored,
        facts.value_prev_month,
        facts.target,
        facts.rag,
        extract(year from facts.month_start) * 12 + extract(month from facts.month_start) as month_number,
        kpis.name_ar,
        kpis.name_en,
        kpis.unit,
        kpis.source,
        kpis.per_100k,
        kpis.sort_order
    from {{ ref('fct_kpi_monthly') }} as facts
    inner join kpis on facts.kpi_code = kpis.kpi_code
    where facts.secretariat_code = 'ALL' and facts.region_code <> 'ALL'

),

history as (

    select
        *,
        case
            when rag = 'red' then month_number - coalesce(last_not_red, first_month_number - 1)
        end as red_months,
        max(rag) over (
            partition by region_code, kpi_code
            order by month_number range between 1 preceding and 1 preceding
        ) as rag_before
    from (
        select
            *,
            max(case when rag is null or rag <> 'red' then month_number end) over (
                partition by region_code, kpi_code
                order by month_number rows between unbounded preceding and current row
            ) as last_not_red,
            min(month_number) over (partition by region_code, kpi_code) as first_month_number
        from monthly
    ) as marked

),

-- --- what each rule finds, one row per KPI or source ----------------------------------------------
red_items as (

    select
        rules.rule_code,
        history.month_start,
        history.region_code,
        history.kpi_code,
        cast(null as string) as source,
        history.sort_order as item_order,
        history.value_scored as value,
        cast(null as double) as value_before,
        history.target as limit_value,
        '«' || history.name_ar || '» ' || {{ kpi_value_text('history.value_scored', 'history.unit', 'history.per_100k', 'ar') }}
            || ' (المستهدف ' || {{ kpi_value_text('history.target', 'history.unit', 'history.per_100k', 'ar') }}
            || case when rules.kind = 'red_streak'
                then '، في الأحمر منذ ' || {{ plural('history.red_months', 'n_months', 'ar') }} else '' end
            || ')' as item_ar,
        history.name_en || ' ' || {{ kpi_value_text('history.value_scored', 'history.unit', 'history.per_100k', 'en') }}
            || ' (target ' || {{ kpi_value_text('history.target', 'history.unit', 'history.per_100k', 'en') }}
            || case when rules.kind = 'red_streak'
                then ', red for ' || {{ plural('history.red_months', 'n_months', 'en') }} else '' end
            || ')' as item_en
    from history
    inner join rules
        on (rules.kpi_code is null or rules.kpi_code = history.kpi_code)
        and (
            (rules.kind = 'turned_red' and history.rag = 'red' and history.rag_before in ('green', 'amber', 'grey'))
            or (rules.kind = 'red_streak' and history.rag = 'red' and history.red_months = rules.months)
        )

),

missing_items as (

    -- a source with no record dated in the month: every KPI of it has no data
    select
        rules.rule_code,
        history.month_start,
        history.region_code,
        cast(null as string) as kpi_code,
        history.source,
        min({{ source_order('history.source') }}) as item_order,
        cast(null as double) as value,
        cast(null as double) as value_before,
        cast(null as double) as limit_value,
        min({{ source_name('history.source', 'ar') }}) as item_ar,
        min({{ source_name('history.source', 'en') }}) as item_en
    from history
    inner join rules on rules.kind = 'files_missing'
    group by rules.rule_code, history.month_start, history.region_code, history.source
    having max(case when history.value_status <> 'no_data' then 1 else 0 end) = 0

),

baselines as (

    -- the region's own rate over the `months` months before (months with a value only)
    select
        rules.rule_code,
        current_month.month_start,
        current_month.region_code,
        current_month.kpi_code,
        {{ safe_ratio('sum(before.numerator)', 'sum(before.denominator)') }} as baseline_rate,
        count(before.value) as baseline_months,
        max(rules.months) as months_wanted
    from history as current_month
    inner join rules
        on rules.kind = 'control_limit' and rules.kpi_code = current_month.kpi_code
    inner join history as before
        on before.region_code = current_month.region_code
        and before.kpi_code = current_month.kpi_code
        and before.month_number between current_month.month_number - rules.months and current_month.month_number - 1
        and before.value_status = 'reported'
    where current_month.value_status = 'reported'
    group by rules.rule_code, current_month.month_start, current_month.region_code, current_month.kpi_code

),

limits as (

    select
        baselines.*,
        -- p-chart upper limit at this month's sample size: p0 + z·sqrt(p0(1 − p0)/n)
        baselines.baseline_rate + rules.limit_z * sqrt(
            baselines.baseline_rate * (1 - baselines.baseline_rate) / history.denominator
        ) as upper_limit,
        history.value,
        history.name_ar,
        history.name_en,
        history.unit,
        history.per_100k,
        history.sort_order
    from baselines
    inner join rules on baselines.rule_code = rules.rule_code
    inner join history
        on history.month_start = baselines.month_start
        and history.region_code = baselines.region_code
        and history.kpi_code = baselines.kpi_code
    -- a baseline of at least half the months asked for
    where 2 * baselines.baseline_months >= baselines.months_wanted
        and history.denominator > 0

),

limit_items as (

    select
        rule_code,
        month_start,
        region_code,
        kpi_code,
        cast(null as string) as source,
        sort_order as item_order,
        value,
        baseline_rate as value_before,
        upper_limit as limit_value,
        '«' || name_ar || '» ' || {{ kpi_value_text('value', 'unit', 'per_100k', 'ar') }}
            || ' (الحد الأعلى المعتاد للمنطقة ' || {{ kpi_value_text('upper_limit', 'unit', 'per_100k', 'ar') }}
            || '، ومعدلها في ' || {{ plural('months_wanted', 'n_months', 'ar') }} || ' قبله '
            || {{ kpi_value_text('baseline_rate', 'unit', 'per_100k', 'ar') }} || ')' as item_ar,
        name_en || ' ' || {{ kpi_value_text('value', 'unit', 'per_100k', 'en') }}
            || ' (the region''s usual upper limit ' || {{ kpi_value_text('upper_limit', 'unit', 'per_100k', 'en') }}
            || '; its rate over the ' || {{ plural('months_wanted', 'n_months', 'en') }} || ' before '
            || {{ kpi_value_text('baseline_rate', 'unit', 'per_100k', 'en') }} || ')' as item_en
    from limits
    where value > upper_limit

),

jump_items as (

    select
        rules.rule_code,
        history.month_start,
        history.region_code,
        history.kpi_code,
        cast(null as string) as source,
        history.sort_order as item_order,
        history.value,
        history.value_prev_month as value_before,
        history.value_prev_month * (1 + rules.jump_ratio) as limit_value,
        '«' || history.name_ar || '» ' || {{ kpi_value_text('history.value', 'history.unit', 'false', 'ar') }}
            || ' بعد ' || {{ kpi_value_text('history.value_prev_month', 'history.unit', 'false', 'ar') }}
            || ' في الشهر السابق (' || {{ kpi_change_text('history.value - history.value_prev_month', 'history.unit', 'false', 'ar') }}
            || ')' as item_ar,
        history.name_en || ' ' || {{ kpi_value_text('history.value', 'history.unit', 'false', 'en') }}
            || ', from ' || {{ kpi_value_text('history.value_prev_month', 'history.unit', 'false', 'en') }}
            || ' the month before (' || {{ kpi_change_text('history.value - history.value_prev_month', 'history.unit', 'false', 'en') }}
            || ')' as item_en
    from history
    inner join rules on rules.kind = 'jump' and rules.kpi_code = history.kpi_code
    where history.value_status = 'reported'
        and history.value_prev_month is not null
        and history.value - history.value_prev_month >= rules.min_change
        and history.value >= history.value_prev_month * (1 + rules.jump_ratio)

),

items as (

    select * from red_items
    union all select * from missing_items
    union all select * from limit_items
    union all select * from jump_items

),

-- --- one alert per rule × region × month ----------------------------------------------------------
alerts as (

    select
        rule_code,
        month_start,
        region_code,
        count(*) as items,
        {{ ordered_join("coalesce(kpi_code, source)", "item_order", ",") }} as subjects,
        max(value) as value,
        max(value_before) as value_before,
        max(limit_value) as limit_value,
        {{ ordered_join("item_ar", "item_order", "، ") }} as items_ar,
        {{ ordered_join("item_en", "item_order", "; ") }} as items_en
    from items
    group by rule_code, month_start, region_code

)

select
    alerts.rule_code || ':' || alerts.region_code || ':' || substr(cast(alerts.month_start as string), 1, 7) as alert_id,
    alerts.rule_code,
    rules.kind,
    alerts.region_code,
    alerts.month_start,
    case
        when rules.kind = 'files_missing'
            then cast({{ dbt.dateadd('day', 'rules.day_of_month - 1', 'months.next_month_start') }} as date)
        else months.next_month_start
    end as raise_on,
    rules.roles,
    cast(alerts.items as bigint) as items,
    alerts.subjects,
    -- the numbers of a rule about one KPI (control limit, jump) when it found one KPI
    case when alerts.items = 1 then alerts.value end as value,
    case when alerts.items = 1 then alerts.value_before end as value_before,
    case when alerts.items = 1 then alerts.limit_value end as limit_value,
    rules.name_ar || ' — ' || regions.region_name_ar || ': ' || alerts.items_ar || '.' as text_ar,
    rules.name_en || ' — ' || regions.region_name_en || ': ' || alerts.items_en || '.' as text_en
from alerts
inner join rules on alerts.rule_code = rules.rule_code
inner join regions on alerts.region_code = regions.region_code
inner join months on alerts.month_start = months.month_start
