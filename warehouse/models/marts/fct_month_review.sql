{#- The month in review: for each month, each region and the organisation ('ALL'), short
    sentences in Arabic and English, generated from the marts (no language model, the same text
    every build): the composite and its rank, sources whose records are missing, KPIs that turned
    red, that are red for several months, that recovered, the biggest movers in rank (places) with
    their change in value (points, percentage points or the unit), and values on small samples.
    Every sentence names its KPI (or the composite index) and its number; the numbers are also
    columns (value, value_before, change, target, rank, rank_change, count_stated) and equal the
    marts. All secretariats together (secretariat 'ALL'). -#}

with kpis as (

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

    select region_code, region_name_ar, region_name_en from {{ ref('dim_region') }}

),

monthly as (

    select
        facts.month_start,
        facts.region_code,
        facts.kpi_code,
        facts.value_status,
        facts.value_scored,
        facts.target,
        facts.rag,
        facts.rank_in_month,
        facts.regions_ranked,
        facts.sample_size,
        facts.min_sample,
        extract(year from facts.month_start) * 12 + extract(month from facts.month_start) as month_number,
        kpis.name_ar,
        kpis.name_en,
        kpis.unit,
        kpis.source,
        kpis.per_100k,
        kpis.sort_order
    from {{ ref('fct_kpi_monthly') }} as facts
    inner join kpis on facts.kpi_code = kpis.kpi_code
    where facts.secretariat_code = 'ALL'

),

streaks as (

    -- months red in a row up to this one: since the last month that was not red (or since the
    -- first month covered)
    select
        *,
        case
            when rag = 'red' then month_number - coalesce(last_not_red, first_month_number - 1)
        end as red_months
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

compared as (

    select
        current_month.month_start,
        current_month.region_code,
        current_month.kpi_code,
        current_month.value_status,
        current_month.value_scored,
        current_month.target,
        current_month.rag,
        current_month.rank_in_month,
        current_month.regions_ranked,
        current_month.sample_size,
        current_month.min_sample,
        current_month.red_months,
        current_month.name_ar,
        current_month.name_en,
        current_month.unit,
        current_month.source,
        current_month.per_100k,
        current_month.sort_order,
        previous_month.rag as rag_before,
        previous_month.value_scored as value_before,
        previous_month.rank_in_month as rank_before
    from streaks as current_month
    left join monthly as previous_month
        on previous_month.region_code = current_month.region_code
        and previous_month.kpi_code = current_month.kpi_code
        and previous_month.month_number = current_month.month_number - 1

),

-- --- the composite index and its rank --------------------------------------------------------
composites as (

    select
        scorecard.month_start,
        scorecard.region_code,
        scorecard.composite_score,
        scorecard.composite_score - before.composite_score as composite_change,
        league.rank,
        league.rank_change,
        league.regions_ranked,
        regions.region_name_ar,
        regions.region_name_en
    from {{ ref('mart_scorecard') }} as scorecard
    inner join regions on scorecard.region_code = regions.region_code
    left join {{ ref('mart_scorecard') }} as before
        on before.region_code = scorecard.region_code
        and before.secretariat_code = 'ALL'
        and before.month_start = cast({{ dbt.dateadd('month', -1, 'scorecard.month_start') }} as date)
    left join {{ ref('mart_league_table') }} as league
        on league.month_start = scorecard.month_start
        and league.region_code = scorecard.region_code
    where scorecard.secretariat_code = 'ALL' and scorecard.composite_score is not null

),

composite_sentences as (

    select
        month_start,
        region_code,
        10 as topic_order,
        0 as item_order,
        'composite' as topic,
        cast(null as string) as kpi_code,
        cast(null as string) as subject_region_code,
        cast(null as string) as source,
        composite_score as value,
        cast(null as double) as value_before,
        composite_change as change,
        cast(null as double) as target,
        cast(rank as bigint) as rank,
        cast(rank_change as bigint) as rank_change,
        cast(regions_ranked as bigint) as count_stated,
        'المؤشر المركب ' || {{ ltr(fmt_number('composite_score', 1)) }} || ' من 100'
            || case when composite_change is not null
                then ' (' || {{ ltr(signed_points('composite_change')) }} || ' نقطة عن الشهر السابق)' else '' end
            || case when rank is not null
                then '، في المركز ' || {{ ltr(fmt_number('rank', 0)) }} || ' من ' || {{ ltr(fmt_number('regions_ranked', 0)) }}
                    || case
                        when rank_change > 0 then ': تقدم ' || {{ plural('rank_change', 'n_places', 'ar') }}
                        when rank_change < 0 then ': تراجع ' || {{ plural('-rank_change', 'n_places', 'ar') }}
                        when rank_change = 0 then '، دون تغير في الترتيب'
                        else ''
                    end
                else '' end
            || '.' as text_ar,
        'Composite index ' || {{ fmt_number('composite_score', 1) }} || ' out of 100'
            || case when composite_change is not null
                then ' (' || {{ signed_points('composite_change') }} || ' points on the month before)' else '' end
            || case when rank is not null
                then ', ranked ' || {{ fmt_number('rank', 0) }} || ' of ' || {{ fmt_number('regions_ranked', 0) }}
                    || case
                        when rank_change > 0 then ': up ' || {{ plural('rank_change', 'n_places', 'en') }}
                        when rank_change < 0 then ': down ' || {{ plural('-rank_change', 'n_places', 'en') }}
                        when rank_change = 0 then ', rank unchanged'
                        else ''
                    end
                else '' end
            || '.' as text_en
    from composites

),

league_movers as (

    -- the organisation's biggest riser and faller in the league table of composites
    select
        *,
        row_number() over (
            partition by month_start, rank_change > 0
            order by abs(rank_change) desc, abs(composite_change) desc, region_code
        ) as mover_order
    from composites
    where region_code <> 'ALL' and rank_change is not null and rank_change <> 0

),

league_mover_sentences as (

    select
        month_start,
        'ALL' as region_code,
        60 as topic_order,
        case when rank_change > 0 then 1 else 2 end as item_order,
        case when rank_change > 0 then 'league_riser' else 'league_faller' end as topic,
        cast(null as string) as kpi_code,
        region_code as subject_region_code,
        cast(null as string) as source,
        composite_score as value,
        cast(null as double) as value_before,
        composite_change as change,
        cast(null as double) as target,
        cast(rank as bigint) as rank,
        cast(rank_change as bigint) as rank_change,
        cast(regions_ranked as bigint) as count_stated,
        case when rank_change > 0 then 'أكبر تقدم في ترتيب المؤشر المركب: ' else 'أكبر تراجع في ترتيب المؤشر المركب: ' end
            || region_name_ar
            || case when rank_change > 0 then ' (تقدم ' || {{ plural('rank_change', 'n_places', 'ar') }}
                else ' (تراجع ' || {{ plural('-rank_change', 'n_places', 'ar') }} end
            || ' إلى المركز ' || {{ ltr(fmt_number('rank', 0)) }} || ' من ' || {{ ltr(fmt_number('regions_ranked', 0)) }}
            || case when composite_change is not null
                then '؛ ' || {{ ltr(signed_points('composite_change')) }} || ' نقطة إلى ' || {{ ltr(fmt_number('composite_score', 1)) }}
                else '' end
            || ').' as text_ar,
        case when rank_change > 0 then 'Biggest rise in the composite ranking: ' else 'Biggest fall in the composite ranking: ' end
            || region_name_en
            || case when rank_change > 0 then ' (up ' || {{ plural('rank_change', 'n_places', 'en') }}
                else ' (down ' || {{ plural('-rank_change', 'n_places', 'en') }} end
            || ' to ' || {{ fmt_number('rank', 0) }} || ' of ' || {{ fmt_number('regions_ranked', 0) }}
            || case when composite_change is not null
                then '; ' || {{ signed_points('composite_change') }} || ' points to ' || {{ fmt_number('composite_score', 1) }}
                else '' end
            || ').' as text_en
    from league_movers
    where mover_order = 1

),

-- --- sources whose records are missing --------------------------------------------------------
missing_sources as (

    -- a region with no record of a source dated in the month: every KPI of the source no_data
    select
        month_start,
        region_code,
        source,
        count(*) as kpis_without_data
    from compared
    where region_code <> 'ALL'
    group by month_start, region_code, source
    having max(case when value_status <> 'no_data' then 1 else 0 end) = 0

),

missing_sentences as (

    select
        missing_sources.month_start,
        missing_sources.region_code,
        20 as topic_order,
        {{ source_order('missing_sources.source') }} as item_order,
        'files_missing' as topic,
        cast(null as string) as kpi_code,
        cast(null as string) as subject_region_code,
        missing_sources.source,
        cast(null as double) as value,
        cast(null as double) as value_before,
        cast(null as double) as change,
        cast(null as double) as target,
        cast(null as bigint) as rank,
        cast(null as bigint) as rank_change,
        cast(missing_sources.kpis_without_data as bigint) as count_stated,
        'لم تصل بيانات ' || {{ source_name('missing_sources.source', 'ar') }} || ' عن هذا الشهر: '
            || {{ plural('missing_sources.kpis_without_data', 'n_kpis', 'ar') }} || ' بلا بيانات (لا تُحسب صفراً).' as text_ar,
        'No records of ' || {{ source_name('missing_sources.source', 'en') }} || ' arrived for this month: '
            || {{ plural('missing_sources.kpis_without_data', 'n_kpis', 'en') }} || ' without data (not counted as zero).' as text_en
    from missing_sources

),

missing_by_source as (

    select
        missing_sources.month_start,
        missing_sources.source,
        count(*) as regions_missing,
        {{ ordered_join('regions.region_name_ar', 'regions.region_name_ar', '، ') }} as regions_ar,
        {{ ordered_join('regions.region_name_en', 'regions.region_name_en', ', ') }} as regions_en
    from missing_sources
    inner join regions on missing_sources.region_code = regions.region_code
    group by missing_sources.month_start, missing_sources.source

),

organisation_missing_sentences as (

    select
        month_start,
        'ALL' as region_code,
        20 as topic_order,
        {{ source_order('source') }} as item_order,
        'files_missing' as topic,
        cast(null as string) as kpi_code,
        cast(null as string) as subject_region_code,
        source,
        cast(null as double) as value,
        cast(null as double) as value_before,
        cast(null as double) as change,
        cast(null as double) as target,
        cast(null as bigint) as rank,
        cast(null as bigint) as rank_change,
        cast(regions_missing as bigint) as count_stated,
        'لم تصل بيانات ' || {{ source_name('source', 'ar') }} || ' عن هذا الشهر من '
            || {{ plural('regions_missing', 'n_regions_genitive', 'ar') }} || ': ' || regions_ar || '.' as text_ar,
        'No records of ' || {{ source_name('source', 'en') }} || ' arrived for this month from '
            || {{ plural('regions_missing', 'n_regions_genitive', 'en') }} || ': ' || regions_en || '.' as text_en
    from missing_by_source

),

-- --- KPIs that turned red, stay red, recovered -------------------------------------------------
status_changes as (

    select
        *,
        case
            when rag = 'red' and red_months >= {{ var('mizan_review_red_months') }} then 'red_streak'
            when rag = 'red' and rag_before in ('green', 'amber', 'grey') then 'turned_red'
            when rag in ('green', 'amber') and rag_before = 'red' then 'recovered'
        end as topic
    from compared

),

status_sentences as (

    select
        month_start,
        region_code,
        case topic when 'turned_red' then 30 when 'red_streak' then 40 else 50 end as topic_order,
        sort_order as item_order,
        topic,
        kpi_code,
        cast(null as string) as subject_region_code,
        cast(null as string) as source,
        value_scored as value,
        case when topic = 'recovered' then value_before end as value_before,
        case when topic = 'recovered' then value_scored - value_before end as change,
        target,
        cast(null as bigint) as rank,
        cast(null as bigint) as rank_change,
        case when topic = 'red_streak' then cast(red_months as bigint) end as count_stated,
        case topic
            when 'turned_red' then 'تحوّل مؤشر «' || name_ar || '» إلى الأحمر: '
                || {{ kpi_value_text('value_scored', 'unit', 'per_100k', 'ar') }}
                || '، والمستهدف ' || {{ kpi_value_text('target', 'unit', 'per_100k', 'ar') }} || '.'
            when 'red_streak' then 'مؤشر «' || name_ar || '» في الأحمر منذ '
                || {{ plural('red_months', 'n_months', 'ar') }} || ': '
                || {{ kpi_value_text('value_scored', 'unit', 'per_100k', 'ar') }}
                || '، والمستهدف ' || {{ kpi_value_text('target', 'unit', 'per_100k', 'ar') }} || '.'
            else 'خرج مؤشر «' || name_ar || '» من الأحمر إلى '
                || case rag when 'green' then 'الأخضر' else 'الكهرماني' end || ': '
                || {{ kpi_value_text('value_scored', 'unit', 'per_100k', 'ar') }}
                || ' بعد ' || {{ kpi_value_text('value_before', 'unit', 'per_100k', 'ar') }}
                || ' في الشهر السابق، والمستهدف ' || {{ kpi_value_text('target', 'unit', 'per_100k', 'ar') }} || '.'
        end as text_ar,
        case topic
            when 'turned_red' then name_en || ' turned red: '
                || {{ kpi_value_text('value_scored', 'unit', 'per_100k', 'en') }}
                || ' against a target of ' || {{ kpi_value_text('target', 'unit', 'per_100k', 'en') }} || '.'
            when 'red_streak' then name_en || ' has been red for '
                || {{ plural('red_months', 'n_months', 'en') }} || ': '
                || {{ kpi_value_text('value_scored', 'unit', 'per_100k', 'en') }}
                || ' against a target of ' || {{ kpi_value_text('target', 'unit', 'per_100k', 'en') }} || '.'
            else name_en || ' recovered from red to ' || rag || ': '
                || {{ kpi_value_text('value_scored', 'unit', 'per_100k', 'en') }}
                || ', from ' || {{ kpi_value_text('value_before', 'unit', 'per_100k', 'en') }}
                || ' the month before; target ' || {{ kpi_value_text('target', 'unit', 'per_100k', 'en') }} || '.'
        end as text_en
    from status_changes
    where topic is not null

),

-- --- the KPIs that moved most in rank among the regions -----------------------------------------
kpi_movers as (

    select
        *,
        rank_before - rank_in_month as rank_change,
        row_number() over (
            partition by month_start, region_code, rank_before > rank_in_month
            order by abs(rank_before - rank_in_month) desc, sort_order
        ) as mover_order
    from compared
    where region_code <> 'ALL'
        and rank_in_month is not null and rank_before is not null
        and abs(rank_before - rank_in_month) >= {{ var('mizan_review_min_places') }}

),

mover_sentences as (

    select
        month_start,
        region_code,
        60 as topic_order,
        case when rank_change > 0 then 0 else 100 end + mover_order as item_order,
        case when rank_change > 0 then 'kpi_riser' else 'kpi_faller' end as topic,
        kpi_code,
        cast(null as string) as subject_region_code,
        cast(null as string) as source,
        value_scored as value,
        value_before,
        value_scored - value_before as change,
        cast(null as double) as target,
        cast(rank_in_month as bigint) as rank,
        cast(rank_change as bigint) as rank_change,
        cast(regions_ranked as bigint) as count_stated,
        'مؤشر «' || name_ar || '»: '
            || case when rank_change > 0 then 'تقدم ' || {{ plural('rank_change', 'n_places', 'ar') }}
                else 'تراجع ' || {{ plural('-rank_change', 'n_places', 'ar') }} end
            || ' إلى المركز ' || {{ ltr(fmt_number('rank_in_month', 0)) }} || ' من ' || {{ ltr(fmt_number('regions_ranked', 0)) }}
            || ' (' || {{ kpi_change_text('value_scored - value_before', 'unit', 'per_100k', 'ar') }}
            || '، إلى ' || {{ kpi_value_text('value_scored', 'unit', 'per_100k', 'ar') }} || ').' as text_ar,
        name_en || ': '
            || case when rank_change > 0 then 'up ' || {{ plural('rank_change', 'n_places', 'en') }}
                else 'down ' || {{ plural('-rank_change', 'n_places', 'en') }} end
            || ' to ' || {{ fmt_number('rank_in_month', 0) }} || ' of ' || {{ fmt_number('regions_ranked', 0) }}
            || ' (' || {{ kpi_change_text('value_scored - value_before', 'unit', 'per_100k', 'en') }}
            || ', to ' || {{ kpi_value_text('value_scored', 'unit', 'per_100k', 'en') }} || ').' as text_en
    from kpi_movers
    where mover_order <= {{ var('mizan_review_movers') }}

),

-- --- values on small samples -------------------------------------------------------------------
small_sample_sentences as (

    select
        month_start,
        region_code,
        70 as topic_order,
        sort_order as item_order,
        'small_sample' as topic,
        kpi_code,
        cast(null as string) as subject_region_code,
        cast(null as string) as source,
        value_scored as value,
        cast(null as double) as value_before,
        cast(null as double) as change,
        cast(null as double) as target,
        cast(null as bigint) as rank,
        cast(null as bigint) as rank_change,
        cast(sample_size as bigint) as count_stated,
        'مؤشر «' || name_ar || '» على عينة صغيرة: '
            || {{ kpi_value_text('value_scored', 'unit', 'per_100k', 'ar') }}
            || ' من ' || {{ plural('sample_size', 'n_records', 'ar') }} || ' فقط، والحد الأدنى '
            || {{ ltr(fmt_number('min_sample', 0)) }} || '؛ لا يُلوَّن ولا يُرتَّب.' as text_ar,
        name_en || ' rests on a small sample: '
            || {{ kpi_value_text('value_scored', 'unit', 'per_100k', 'en') }}
            || ' from ' || {{ plural('sample_size', 'n_records', 'en') }} || ' only (minimum '
            || {{ fmt_number('min_sample', 0) }} || '); not coloured or ranked.' as text_en
    from compared
    where value_status = 'small_sample' and value_scored is not null

),

small_samples_by_kpi as (

    select
        month_start,
        kpi_code,
        name_ar,
        name_en,
        sort_order,
        count(*) as regions_small
    from compared
    where region_code <> 'ALL' and value_status = 'small_sample'
    group by month_start, kpi_code, name_ar, name_en, sort_order

),

organisation_small_sample_sentences as (

    select
        month_start,
        'ALL' as region_code,
        71 as topic_order,
        sort_order as item_order,
        'small_samples_in_regions' as topic,
        kpi_code,
        cast(null as string) as subject_region_code,
        cast(null as string) as source,
        cast(null as double) as value,
        cast(null as double) as value_before,
        cast(null as double) as change,
        cast(null as double) as target,
        cast(null as bigint) as rank,
        cast(null as bigint) as rank_change,
        cast(regions_small as bigint) as count_stated,
        'مؤشر «' || name_ar || '» على عينة صغيرة في '
            || {{ plural('regions_small', 'n_regions_genitive', 'ar') }} || '، فلا تُلوَّن قيمها ولا تُرتَّب.' as text_ar,
        name_en || ' rests on a small sample in '
            || {{ plural('regions_small', 'n_regions_genitive', 'en') }} || '; those values are not coloured or ranked.' as text_en
    from small_samples_by_kpi

),

sentences as (

    select * from composite_sentences
    union all select * from league_mover_sentences
    union all select * from missing_sentences
    union all select * from organisation_missing_sentences
    union all select * from status_sentences
    union all select * from mover_sentences
    union all select * from small_sample_sentences
    union all select * from organisation_small_sample_sentences

)

select
    month_start,
    region_code,
    cast(row_number() over (
        partition by month_start, region_code
        order by topic_order, item_order, coalesce(kpi_code, ''), coalesce(subject_region_code, ''), coalesce(source, '')
    ) as int) as sentence_no,
    topic,
    kpi_code,
    subject_region_code,
    source,
    value,
    value_before,
    change,
    target,
    rank,
    rank_change,
    count_stated,
    text_ar,
    text_en
from sentences
