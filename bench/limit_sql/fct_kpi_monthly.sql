-- The limit: fct_kpi_monthly computed by one hand-written DuckDB script, no framework.
--
-- Reads the raw tables Mizan's ingestion writes (raw.*) and the reference CSVs under {seeds}
-- (the same files dbt seeds), and writes limit_kpi_monthly: one row per month × region ×
-- secretariat × KPI, roll-ups 'ALL' included, with the columns of marts.fct_kpi_monthly that
-- carry values (value, numerator, denominator, per 100k, target, attainment, score, RAG, trend,
-- rank). Definitions follow warehouse/models (README "Decisions"); where it is cheaper it takes
-- another road to the same numbers:
--   * states at month end (open backlog, overdue items) are counted with +1/-1 deltas at the
--     months a record opens, falls overdue and closes, summed over months (no record × month
--     expansion);
--   * counts and sums are computed once per month × region × secretariat and rolled up by
--     summing; only medians and distinct partners are recomputed from the rows per level;
--   * not reported: a record whose file did not carry a column a KPI reads (kpi_inputs.csv
--     against raw.ingest_log.columns_present) is left out of that KPI. Each source is computed
--     per variant `v`: '' = all its records (which units have data), and one per distinct set of
--     input columns its KPIs read ('col|col'), on the records of the files that carried them. A
--     unit with data but no record in its KPI's variant is not reported;
--   * a ratio or median value on fewer records than the KPI's min_sample is a small sample: no
--     RAG, score or rank.
-- {seeds} is replaced by the runner with the path of the seeds folder.

-- reference data ---------------------------------------------------------------------------------
create or replace temp table ref_kpis as
select c.kpi_code, c.pillar, c.direction, c.is_volume, c.score_basis, c.min_sample
from read_csv('{seeds}/kpi_catalogue.csv', header = true, all_varchar = true) as c
join read_csv('{seeds}/pillar_weights.csv', header = true, all_varchar = true) as p using (pillar)
-- the CSV reader gives text: booleans as dbt's seed loader reads them
;
create or replace temp table ref_kpis_typed as
select kpi_code, pillar, direction, lower(is_volume) = 'true' as is_volume, score_basis,
    cast(nullif(min_sample, '') as bigint) as min_sample
from ref_kpis;

-- not reported: the variant of each KPI (its input columns, sorted and '|'-joined; '' for none),
-- the variants of each source ('' always: all its records), and the files that lack a column of
-- a variant (their latest load; columns_present null reads as every column)
create or replace temp table kpi_variants as
select c.kpi_code, c.source, coalesce(string_agg(i.column_name, '|' order by i.column_name), '') as v
from read_csv('{seeds}/kpi_catalogue.csv', header = true, all_varchar = true) as c
left join read_csv('{seeds}/kpi_inputs.csv', header = true, all_varchar = true) as i using (kpi_code)
group by c.kpi_code, c.source;

create or replace temp table source_variants as
select distinct source, v from kpi_variants
union
select distinct source, '' from kpi_variants;

create or replace temp table files_lacking as
with latest as (
    select source, sha256, columns_present
    from raw.ingest_log
    where status = 'loaded'
    qualify row_number() over (partition by source, sha256 order by finished_at desc) = 1
)
select sv.source, sv.v, latest.sha256 as file_sha256
from source_variants as sv
join latest on latest.source = sv.source
where sv.v <> '' and latest.columns_present is not null
    and not list_has_all(string_split(latest.columns_present, '|'), string_split(sv.v, '|'));

create or replace temp table ref_targets as
select
    kpi_code,
    nullif(region_code, '') as region_code,
    nullif(secretariat_code, '') as secretariat_code,
    cast(valid_from as date) as valid_from,
    coalesce(cast(nullif(valid_to, '') as date), date '9999-12-31') as valid_to,
    cast(target as double) as target,
    coalesce(cast(nullif(amber_ratio, '') as double), 0.9) as amber_ratio,
    (case when nullif(region_code, '') is not null then 2 else 0 end)
        + (case when nullif(secretariat_code, '') is not null then 1 else 0 end) as specificity
from read_csv('{seeds}/kpi_targets.csv', header = true, all_varchar = true);

create or replace temp table sla_channel as
select channel, cast(first_response_sla_hours as double) as hours
from read_csv('{seeds}/sla_by_channel.csv', header = true, all_varchar = true);

create or replace temp table sla_category as
select category, cast(resolution_sla_hours as double) as hours
from read_csv('{seeds}/sla_by_category.csv', header = true, all_varchar = true);

-- the months covered: first to last month in which anything happened -------------------------------
create or replace temp table months as
with bounds as (
    select least(
            (select min(least(cast(received_at as date), cast(first_response_at as date), cast(resolved_at as date))) from raw.complaints),
            (select min(cast(published_at as date)) from raw.media_coverage),
            (select min(meeting_date) from raw.meetings where status = 'held'),
            (select min(least(issued_date, closed_date)) from raw.meeting_actions),
            (select min(least(actual_start, actual_end)) from raw.initiatives)
        ) as first_day,
        greatest(
            (select max(greatest(cast(received_at as date), cast(first_response_at as date), cast(resolved_at as date))) from raw.complaints),
            (select max(cast(published_at as date)) from raw.media_coverage),
            (select max(meeting_date) from raw.meetings where status = 'held'),
            (select max(greatest(issued_date, closed_date)) from raw.meeting_actions),
            (select max(greatest(actual_start, actual_end)) from raw.initiatives)
        ) as last_day
)
select cast(m as date) as month_start, cast(m + interval 1 month as date) as next_month_start
from bounds, range(date_trunc('month', first_day), date_trunc('month', last_day) + interval 1 month, interval 1 month) as t(m);

-- complaints -------------------------------------------------------------------------------------
create or replace temp table tickets as
select
    sv.v,
    c.region_code as r,
    c.secretariat_code as s,
    c.channel = 'social' as is_social,
    cast(date_trunc('month', c.received_at) as date) as rm,
    cast(date_trunc('month', c.first_response_at) as date) as fm,
    cast(date_trunc('month', c.resolved_at) as date) as vm,
    -- the month the ticket falls overdue (resolution due time before the end of that month)
    cast(date_trunc('month', c.received_at + cast(cat.hours * 3600 as bigint) * interval 1 second) as date) as dm,
    coalesce(c.first_response_at <= c.received_at + cast(ch.hours * 3600 as bigint) * interval 1 second, false) as answered_in_sla,
    coalesce(c.resolved_at <= c.received_at + cast(cat.hours * 3600 as bigint) * interval 1 second, false) as resolved_in_sla,
    cast(date_diff('second', c.received_at, c.first_response_at) as double) / 3600 as first_response_hours,
    cast(date_diff('second', c.received_at, c.resolved_at) as double) / 3600 as resolution_hours,
    c.resolved_at is null and c.status in ('resolved', 'closed') as closed_undated,
    coalesce(c.reopened_count, 0) > 0 as reopened,
    c.satisfaction
from raw.complaints as c
join source_variants as sv on sv.source = 'complaints'
left join sla_channel as ch on c.channel = ch.channel
left join sla_category as cat on c.category = cat.category
where not exists (
    select 1 from files_lacking as fl
    where fl.source = 'complaints' and fl.v = sv.v and fl.file_sha256 = c._file_sha256
);

-- per month × region × secretariat: what happened in the month, and deltas of the month-end states
create or replace temp table complaint_units as
with happened as (
    select rm as m, v, r, s,
        count(*) as received,
        count(*) filter (where answered_in_sla) as received_answered_within_sla,
        count(first_response_hours) as received_answered,
        count(*) filter (where is_social) as social_received,
        count(*) filter (where is_social and fm is not null) as social_answered,
        0 as resolved, 0 as resolved_within_sla, 0 as resolved_reopened, 0 as resolved_rated,
        0 as resolved_satisfied, 0 as d_open, 0 as d_overdue
    from tickets group by all
    union all
    select vm, v, r, s, 0, 0, 0, 0, 0,
        count(*),
        count(*) filter (where resolved_in_sla),
        count(*) filter (where reopened),
        count(satisfaction),
        count(*) filter (where satisfaction >= 4),
        0, 0
    from tickets where vm is not null group by all
    -- open from the month received until the month resolved (exclusive)
    union all
    select rm, v, r, s, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), 0
    from tickets where not closed_undated group by all
    union all
    select greatest(rm, vm), v, r, s, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -count(*), 0
    from tickets where not closed_undated and vm is not null group by all
    -- overdue from the later of the month received and the month due until resolved
    union all
    select greatest(rm, dm), v, r, s, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*)
    from tickets where not closed_undated and dm is not null group by all
    union all
    select greatest(rm, dm, vm), v, r, s, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -count(*)
    from tickets where not closed_undated and dm is not null and vm is not null group by all
),
per_month as (
    select m, v, r, s,
        sum(received) as received, sum(received_answered_within_sla) as received_answered_within_sla,
        sum(received_answered) as received_answered, sum(social_received) as social_received,
        sum(social_answered) as social_answered, sum(resolved) as resolved,
        sum(resolved_within_sla) as resolved_within_sla, sum(resolved_reopened) as resolved_reopened,
        sum(resolved_rated) as resolved_rated, sum(resolved_satisfied) as resolved_satisfied,
        sum(d_open) as d_open, sum(d_overdue) as d_overdue
    from happened group by all
),
grid as (
    select months.month_start as m, u.v, u.r, u.s
    from months cross join (select distinct v, r, s from tickets) as u
)
select
    grid.m as month_start, grid.v, grid.r as region_code, grid.s as secretariat_code,
    coalesce(p.received, 0) as received,
    coalesce(p.received_answered_within_sla, 0) as received_answered_within_sla,
    coalesce(p.received_answered, 0) as received_answered,
    coalesce(p.social_received, 0) as social_received,
    coalesce(p.social_answered, 0) as social_answered,
    coalesce(p.resolved, 0) as resolved,
    coalesce(p.resolved_within_sla, 0) as resolved_within_sla,
    coalesce(p.resolved_reopened, 0) as resolved_reopened,
    coalesce(p.resolved_rated, 0) as resolved_rated,
    coalesce(p.resolved_satisfied, 0) as resolved_satisfied,
    sum(coalesce(p.d_open, 0)) over w as open_at_month_end,
    sum(coalesce(p.d_overdue, 0)) over w as overdue_at_month_end
from grid
left join per_month as p on p.m = grid.m and p.v = grid.v and p.r = grid.r and p.s = grid.s
window w as (partition by grid.v, grid.r, grid.s order by grid.m rows between unbounded preceding and current row);

-- a unit has complaint data in a month when a ticket was received, answered or resolved in it
create or replace temp table complaint_events as
select distinct m, v, r, s from (
    select rm as m, v, r, s from tickets
    union all select fm, v, r, s from tickets where fm is not null
    union all select vm, v, r, s from tickets where vm is not null
);

create or replace temp table complaint_kpis as
with rolled as (
    select u.month_start, u.v, u.region_code, u.secretariat_code,
        bool_or(e.m is not null) as has_data,
        sum(received) as received, sum(received_answered_within_sla) as received_answered_within_sla,
        sum(received_answered) as received_answered, sum(social_received) as social_received,
        sum(social_answered) as social_answered, sum(resolved) as resolved,
        sum(resolved_within_sla) as resolved_within_sla, sum(resolved_reopened) as resolved_reopened,
        sum(resolved_rated) as resolved_rated, sum(resolved_satisfied) as resolved_satisfied,
        sum(open_at_month_end) as open_at_month_end, sum(overdue_at_month_end) as overdue_at_month_end
    from complaint_units as u
    left join complaint_events as e on e.m = u.month_start and e.v = u.v and e.r = u.region_code and e.s = u.secretariat_code
    group by grouping sets ((u.month_start, u.v, u.region_code, u.secretariat_code), (u.month_start, u.v, u.region_code), (u.month_start, u.v, u.secretariat_code), (u.month_start, u.v))
),
medians_received as (
    select rm as month_start, v, r as region_code, s as secretariat_code, median(first_response_hours) as median_first_response_hours
    from tickets
    group by grouping sets ((rm, v, r, s), (rm, v, r), (rm, v, s), (rm, v))
),
medians_resolved as (
    select vm as month_start, v, r as region_code, s as secretariat_code, median(resolution_hours) as median_resolution_hours
    from tickets where vm is not null
    group by grouping sets ((vm, v, r, s), (vm, v, r), (vm, v, s), (vm, v))
)
select rolled.*, mr.median_first_response_hours, mv.median_resolution_hours
from rolled
left join medians_received as mr
    on mr.month_start = rolled.month_start and mr.v = rolled.v
    and coalesce(mr.region_code, 'ALL') = coalesce(rolled.region_code, 'ALL')
    and coalesce(mr.secretariat_code, 'ALL') = coalesce(rolled.secretariat_code, 'ALL')
left join medians_resolved as mv
    on mv.month_start = rolled.month_start and mv.v = rolled.v
    and coalesce(mv.region_code, 'ALL') = coalesce(rolled.region_code, 'ALL')
    and coalesce(mv.secretariat_code, 'ALL') = coalesce(rolled.secretariat_code, 'ALL');

-- meeting actions and directives -------------------------------------------------------------------
create or replace temp table actions as
select
    sv.v,
    region_code as r, secretariat_code as s,
    origin = 'directive' as is_directive,
    status,
    cast(date_trunc('month', issued_date) as date) as im,
    cast(date_trunc('month', due_date) as date) as dm,
    cast(date_trunc('month', closed_date) as date) as cm,
    coalesce(closed_date <= due_date, false) as closed_on_time,
    status <> 'cancelled' and not (closed_date is null and status = 'closed') as can_be_open
from raw.meeting_actions as a
join source_variants as sv on sv.source = 'meeting_actions'
where not exists (
    select 1 from files_lacking as fl
    where fl.source = 'meeting_actions' and fl.v = sv.v and fl.file_sha256 = a._file_sha256
);

create or replace temp table action_kpis as
with happened as (
    select dm as m, v, r, s,
        count(*) as due,
        count(*) filter (where closed_on_time) as due_closed_on_time,
        count(*) filter (where is_directive) as directives_due,
        count(*) filter (where is_directive and closed_on_time) as directives_due_closed_on_time,
        0 as d_open, 0 as d_overdue
    from actions where status <> 'cancelled' group by all
    union all
    select im, v, r, s, 0, 0, 0, 0, count(*), 0 from actions where can_be_open group by all
    union all
    select greatest(im, cm), v, r, s, 0, 0, 0, 0, -count(*), 0 from actions where can_be_open and cm is not null group by all
    union all
    select greatest(im, dm), v, r, s, 0, 0, 0, 0, 0, count(*) from actions where can_be_open group by all
    union all
    select greatest(im, dm, cm), v, r, s, 0, 0, 0, 0, 0, -count(*) from actions where can_be_open and cm is not null group by all
),
per_month as (
    select m, v, r, s, sum(due) as due, sum(due_closed_on_time) as due_closed_on_time,
        sum(directives_due) as directives_due, sum(directives_due_closed_on_time) as directives_due_closed_on_time,
        sum(d_open) as d_open, sum(d_overdue) as d_overdue
    from happened group by all
),
events as (
    select distinct m, v, r, s from (
        select im as m, v, r, s from actions
        union all select dm, v, r, s from actions
        union all select cm, v, r, s from actions where cm is not null
    )
),
units as (
    select months.month_start as m, u.v, u.r, u.s,
        coalesce(p.due, 0) as due, coalesce(p.due_closed_on_time, 0) as due_closed_on_time,
        coalesce(p.directives_due, 0) as directives_due,
        coalesce(p.directives_due_closed_on_time, 0) as directives_due_closed_on_time,
        sum(coalesce(p.d_open, 0)) over w as open_at_month_end,
        sum(coalesce(p.d_overdue, 0)) over w as overdue_at_month_end
    from months
    cross join (select distinct v, r, s from actions) as u
    left join per_month as p on p.m = months.month_start and p.v = u.v and p.r = u.r and p.s = u.s
    window w as (partition by u.v, u.r, u.s order by months.month_start rows between unbounded preceding and current row)
)
select units.m as month_start, units.v, units.r as region_code, units.s as secretariat_code,
    bool_or(events.m is not null) as has_data,
    sum(due) as due, sum(due_closed_on_time) as due_closed_on_time,
    sum(directives_due) as directives_due, sum(directives_due_closed_on_time) as directives_due_closed_on_time,
    sum(open_at_month_end) as open_at_month_end, sum(overdue_at_month_end) as overdue_at_month_end
from units
left join events on events.m = units.m and events.v = units.v and events.r = units.r and events.s = units.s
group by grouping sets ((units.m, units.v, units.r, units.s), (units.m, units.v, units.r), (units.m, units.v, units.s), (units.m, units.v));

-- initiatives ------------------------------------------------------------------------------------
create or replace temp table initiatives as
select
    sv.v,
    initiative_id,
    region_code as r, secretariat_code as s,
    initiative_type, status, beneficiaries, attendees, budget_planned, budget_spent,
    planned_end,
    actual_end,
    cast(date_trunc('month', planned_start) as date) as psm,
    cast(date_trunc('month', planned_end) as date) as pem,
    cast(date_trunc('month', actual_start) as date) as asm,
    cast(date_trunc('month', actual_end) as date) as aem,
    -- running from the (actual, else planned) start to the actual end (in progress: open)
    case when status in ('in_progress', 'completed')
        then cast(date_trunc('month', coalesce(actual_start, planned_start)) as date) end as run_from,
    case
        when status = 'completed' then cast(date_trunc('month', coalesce(actual_end, planned_end, actual_start, planned_start)) as date)
        when status = 'in_progress' then cast(date_trunc('month', actual_end) as date)
    end as run_to,
    partners
from raw.initiatives as i
join source_variants as sv on sv.source = 'initiatives'
where not exists (
    select 1 from files_lacking as fl
    where fl.source = 'initiatives' and fl.v = sv.v and fl.file_sha256 = i._file_sha256
);

create or replace temp table initiative_kpis as
with completed as (
    select aem as m, v, r, s,
        count(*) as completed,
        count(*) filter (where planned_end is not null) as completed_with_planned_end,
        count(*) filter (where planned_end is not null and coalesce(actual_end <= planned_end, false)) as completed_on_time,
        sum(coalesce(beneficiaries, 0)) as beneficiaries,
        sum(case when initiative_type = 'mass_event' then coalesce(attendees, 0) else 0 end) as mass_event_attendees,
        sum(case when budget_spent is not null and beneficiaries is not null then budget_spent else 0 end) as costed_spent,
        sum(case when budget_spent is not null and beneficiaries is not null then beneficiaries else 0 end) as costed_beneficiaries,
        sum(case when budget_spent is not null and budget_planned is not null then budget_spent else 0 end) as budgeted_spent,
        sum(case when budget_spent is not null and budget_planned is not null then budget_planned else 0 end) as budgeted_planned,
        count(*) filter (where budget_spent is not null and beneficiaries is not null) as costed,
        count(*) filter (where budget_spent is not null and budget_planned is not null) as budgeted
    from initiatives where status = 'completed' and aem is not null
    group by all
),
events as (
    select distinct m, v, r, s from (
        select psm as m, v, r, s from initiatives
        union all select pem, v, r, s from initiatives where pem is not null
        union all select asm, v, r, s from initiatives where asm is not null
        union all select aem, v, r, s from initiatives where aem is not null
    ) where m in (select month_start from months)
),
units as (
    select e.m, e.v, e.r, e.s, c.* exclude (m, v, r, s)
    from events as e
    left join completed as c on c.m = e.m and c.v = e.v and c.r = e.r and c.s = e.s
),
rolled as (
    select m as month_start, v, r as region_code, s as secretariat_code,
        coalesce(sum(completed), 0) as completed,
        coalesce(sum(completed_with_planned_end), 0) as completed_with_planned_end,
        coalesce(sum(completed_on_time), 0) as completed_on_time,
        coalesce(sum(beneficiaries), 0) as beneficiaries,
        coalesce(sum(mass_event_attendees), 0) as mass_event_attendees,
        coalesce(sum(costed_spent), 0) as costed_spent,
        coalesce(sum(costed_beneficiaries), 0) as costed_beneficiaries,
        coalesce(sum(budgeted_spent), 0) as budgeted_spent,
        coalesce(sum(budgeted_planned), 0) as budgeted_planned,
        coalesce(sum(costed), 0) as costed,
        coalesce(sum(budgeted), 0) as budgeted
    from units
    group by grouping sets ((m, v, r, s), (m, v, r), (m, v, s), (m, v))
),
partners as (
    select distinct initiative_id,
        lower(trim(string_split(item, ':')[1])) || ':' || lower(trim(substr(item, position(':' in item) + 1))) as partner_key
    from (select distinct initiative_id, unnest(string_split(partners, ';')) as item from initiatives where partners is not null)
    where position(':' in item) > 0 and trim(substr(item, position(':' in item) + 1)) <> ''
),
running as (
    select months.month_start as m, i.v, i.r, i.s, p.partner_key
    from initiatives as i
    join partners as p using (initiative_id)
    join months on months.month_start >= i.run_from and (i.run_to is null or months.month_start <= i.run_to)
),
partner_counts as (
    select m as month_start, v, r as region_code, s as secretariat_code, count(distinct partner_key) as partners_engaged
    from running
    group by grouping sets ((m, v, r, s), (m, v, r), (m, v, s), (m, v))
)
select rolled.*, coalesce(pc.partners_engaged, 0) as partners_engaged
from rolled
left join partner_counts as pc
    on pc.month_start = rolled.month_start and pc.v = rolled.v
    and coalesce(pc.region_code, 'ALL') = coalesce(rolled.region_code, 'ALL')
    and coalesce(pc.secretariat_code, 'ALL') = coalesce(rolled.secretariat_code, 'ALL');

-- meetings and media: every row belongs to one month ---------------------------------------------
create or replace temp table meeting_kpis as
select
    cast(date_trunc('month', meeting_date) as date) as month_start, sv.v, region_code, secretariat_code,
    count(*) as scheduled,
    count(*) filter (where status = 'held') as held,
    count(*) filter (where status = 'held' and meeting_type in ('executive_body', 'political_entity', 'community_partner')) as held_external,
    coalesce(sum(attended) filter (where status = 'held' and invited is not null and attended is not null), 0) as attended,
    coalesce(sum(invited) filter (where status = 'held' and invited is not null and attended is not null), 0) as invited,
    count(*) filter (where status = 'held' and invited is not null and attended is not null) as measured
from raw.meetings as m
join source_variants as sv on sv.source = 'meetings'
where not exists (
    select 1 from files_lacking as fl
    where fl.source = 'meetings' and fl.v = sv.v and fl.file_sha256 = m._file_sha256
)
group by grouping sets ((1, 2, 3, 4), (1, 2, 3), (1, 2, 4), (1, 2));

create or replace temp table media_kpis as
select
    cast(date_trunc('month', published_at) as date) as month_start,
    sv.v,
    region_code,
    coalesce(secretariat_code, '-') as secretariat_code,
    count(*) as items,
    count(*) filter (where sentiment = 'positive') - count(*) filter (where sentiment = 'negative') as net_positive,
    count(*) filter (where sentiment = 'negative') as negative,
    count(*) filter (where coalesce(key_messages, '') <> '') as with_key_message,
    coalesce(sum(reach), 0) as reach,
    coalesce(sum(engagements) filter (where outlet_type = 'social' and owned_or_earned = 'owned' and impressions is not null and engagements is not null), 0) as owned_social_engagements,
    coalesce(sum(impressions) filter (where outlet_type = 'social' and owned_or_earned = 'owned' and impressions is not null and engagements is not null), 0) as owned_social_impressions,
    count(*) filter (where outlet_type = 'social' and owned_or_earned = 'owned' and impressions is not null and engagements is not null) as owned_social,
    count(*) filter (where owned_or_earned = 'earned') as earned
from raw.media_coverage as md
join source_variants as sv on sv.source = 'media_coverage'
where not exists (
    select 1 from files_lacking as fl
    where fl.source = 'media_coverage' and fl.v = sv.v and fl.file_sha256 = md._file_sha256
)
group by grouping sets ((1, 2, 3, 4), (1, 2, 3), (1, 2, 4), (1, 2));

-- every KPI in long form, per variant (has_data false: null value, numerator and denominator) --
create or replace temp table kpi_variant_values as
with long as (
    select month_start, v, region_code, secretariat_code, true as has_data, kpi_code, numerator, denominator, value, sample
    from meeting_kpis,
    lateral (values
        ('MTG_HELD', held, null, cast(held as double), null),
        ('MTG_PLAN_ADHERENCE', held, scheduled, cast(held as double) / nullif(cast(scheduled as double), 0), scheduled),
        ('MTG_EXTERNAL_SHARE', held_external, held, cast(held_external as double) / nullif(cast(held as double), 0), held),
        ('MTG_ATTENDANCE', attended, invited, cast(attended as double) / nullif(cast(invited as double), 0), measured)
    ) as k(kpi_code, numerator, denominator, value, sample)
    union all
    select month_start, v, region_code, secretariat_code, has_data, kpi_code, numerator, denominator, value, sample
    from action_kpis,
    lateral (values
        ('ACT_ON_TIME', due_closed_on_time, due, cast(due_closed_on_time as double) / nullif(cast(due as double), 0), due),
        ('DIR_ON_TIME', directives_due_closed_on_time, directives_due, cast(directives_due_closed_on_time as double) / nullif(cast(directives_due as double), 0), directives_due),
        ('ACT_OVERDUE_OPEN', overdue_at_month_end, null, cast(overdue_at_month_end as double), null),
        ('ACT_OVERDUE_SHARE', overdue_at_month_end, open_at_month_end, cast(overdue_at_month_end as double) / nullif(cast(open_at_month_end as double), 0), open_at_month_end)
    ) as k(kpi_code, numerator, denominator, value, sample)
    union all
    select month_start, v, region_code, secretariat_code, true, kpi_code, numerator, denominator, value, sample
    from initiative_kpis,
    lateral (values
        ('INI_COMPLETED', cast(completed as double), null, cast(completed as double), null),
        ('INI_ON_TIME', completed_on_time, completed_with_planned_end, cast(completed_on_time as double) / nullif(cast(completed_with_planned_end as double), 0), completed_with_planned_end),
        ('INI_BENEFICIARIES', beneficiaries, null, cast(beneficiaries as double), null),
        ('EVT_MASS_ATTENDANCE', mass_event_attendees, null, cast(mass_event_attendees as double), null),
        ('INI_PARTNERS', partners_engaged, null, cast(partners_engaged as double), null),
        ('INI_COST_PER_BENEFICIARY', cast(costed_spent as double), costed_beneficiaries, cast(costed_spent as double) / nullif(cast(costed_beneficiaries as double), 0), costed),
        ('INI_BUDGET_EXECUTION', cast(budgeted_spent as double), cast(budgeted_planned as double), cast(budgeted_spent as double) / nullif(cast(budgeted_planned as double), 0), budgeted)
    ) as k(kpi_code, numerator, denominator, value, sample)
    union all
    select month_start, v, region_code, secretariat_code, true, kpi_code, numerator, denominator, value, sample
    from media_kpis,
    lateral (values
        ('MED_ITEMS', items, null, cast(items as double), null),
        ('MED_NET_SENTIMENT', net_positive, items, cast(net_positive as double) / nullif(cast(items as double), 0) * 100, items),
        ('MED_PULL_THROUGH', with_key_message, items, cast(with_key_message as double) / nullif(cast(items as double), 0), items),
        ('MED_REACH', reach, null, cast(reach as double), null),
        ('MED_ENGAGEMENT_RATE', owned_social_engagements, owned_social_impressions, cast(owned_social_engagements as double) / nullif(cast(owned_social_impressions as double), 0), owned_social),
        ('MED_EARNED_SHARE', earned, items, cast(earned as double) / nullif(cast(items as double), 0), items),
        ('MED_NEGATIVE_SHARE', negative, items, cast(negative as double) / nullif(cast(items as double), 0), items)
    ) as k(kpi_code, numerator, denominator, value, sample)
    union all
    select month_start, v, region_code, secretariat_code, has_data, kpi_code, numerator, denominator, value, sample
    from complaint_kpis,
    lateral (values
        ('CMP_RECEIVED', received, null, cast(received as double), null),
        ('CMP_FIRST_RESPONSE_SLA', received_answered_within_sla, received, cast(received_answered_within_sla as double) / nullif(cast(received as double), 0), received),
        ('CMP_MEDIAN_FIRST_RESPONSE_H', null, received_answered, median_first_response_hours, received_answered),
        ('CMP_RESOLVED_SLA', resolved_within_sla, resolved, cast(resolved_within_sla as double) / nullif(cast(resolved as double), 0), resolved),
        ('CMP_BACKLOG', open_at_month_end, null, cast(open_at_month_end as double), null),
        ('CMP_OVERDUE_SHARE', overdue_at_month_end, open_at_month_end, cast(overdue_at_month_end as double) / nullif(cast(open_at_month_end as double), 0), open_at_month_end),
        ('CMP_REOPEN_RATE', resolved_reopened, resolved, cast(resolved_reopened as double) / nullif(cast(resolved as double), 0), resolved),
        ('CMP_CSAT', resolved_satisfied, resolved_rated, cast(resolved_satisfied as double) / nullif(cast(resolved_rated as double), 0), resolved_rated),
        ('CMP_SOCIAL_RESPONSE_RATE', social_answered, social_received, cast(social_answered as double) / nullif(cast(social_received as double), 0), social_received),
        ('CMP_MEDIAN_RESOLUTION_H', null, resolved, median_resolution_hours, resolved)
    ) as k(kpi_code, numerator, denominator, value, sample)
)
select
    month_start,
    v,
    coalesce(region_code, 'ALL') as region_code,
    coalesce(secretariat_code, 'ALL') as secretariat_code,
    kpi_code,
    has_data,
    case when has_data then cast(numerator as double) end as numerator,
    case when has_data then cast(denominator as double) end as denominator,
    case when has_data then value end as value,
    case when has_data then cast(sample as bigint) end as sample_size
from long;

-- a unit has data when any of its records is active in the month (variant ''); the KPI's value
-- comes from the records that report it (its variant); data but none of those: not reported
create or replace temp table kpi_values as
select
    a.month_start, a.region_code, a.secretariat_code, a.kpi_code,
    a.has_data and coalesce(b.has_data, false) as has_data,
    a.has_data and not coalesce(b.has_data, false) as not_reported,
    case when b.has_data then b.numerator end as numerator,
    case when b.has_data then b.denominator end as denominator,
    case when b.has_data then b.value end as value,
    case when b.has_data then b.sample_size end as sample_size
from kpi_variant_values as a
join kpi_variants as kv on kv.kpi_code = a.kpi_code
left join kpi_variant_values as b
    on b.v = kv.v and b.month_start = a.month_start and b.region_code = a.region_code
    and b.secretariat_code = a.secretariat_code and b.kpi_code = a.kpi_code
where a.v = '';

-- scoring: every month × region × secretariat × KPI of the profile --------------------------------
create or replace table limit_kpi_monthly as
with regions as (
    select code as region_code, population from raw.org_regions
    union all select 'ALL', cast(sum(population) as bigint) from raw.org_regions
),
secretariats as (
    select code as secretariat_code from raw.org_secretariats union all select 'ALL'
),
measured as (
    select
        months.month_start, regions.region_code, secretariats.secretariat_code, k.kpi_code,
        k.pillar, k.direction, k.is_volume, k.score_basis, regions.population,
        coalesce(v.has_data, false) as has_data,
        case
            when v.has_data and v.value is not null and v.sample_size < k.min_sample then 'small_sample'
            when v.has_data then 'reported'
            when v.not_reported then 'not_reported'
            else 'no_data'
        end as value_status,
        v.sample_size,
        v.numerator, v.denominator, v.value,
        case when k.is_volume then v.value * 100000 / nullif(cast(regions.population as double), 0) end as value_per_100k
    from months
    cross join regions
    cross join secretariats
    cross join ref_kpis_typed as k
    left join kpi_values as v
        on v.month_start = months.month_start and v.region_code = regions.region_code
        and v.secretariat_code = secretariats.secretariat_code and v.kpi_code = k.kpi_code
),
targeted as (
    select
        m.*,
        case when m.score_basis = 'per_100k' then m.value_per_100k else m.value end as value_scored,
        t.target, t.amber_ratio
    from measured as m
    left join ref_targets as t
        on t.kpi_code = m.kpi_code
        and (t.region_code is null or t.region_code = m.region_code)
        and (t.secretariat_code is null or t.secretariat_code = m.secretariat_code)
        and m.month_start between t.valid_from and t.valid_to
    qualify row_number() over (
        partition by m.month_start, m.region_code, m.secretariat_code, m.kpi_code
        order by t.specificity desc, t.valid_from desc
    ) = 1
),
attained as (
    select *,
        case
            when direction = 'informational' or target is null or value_scored is null then null
            when direction = 'higher_better' and target > 0
                then case when value_scored <= 0 then 0 else value_scored / nullif(target, 0) end
            when direction = 'lower_better' and target > 0
                then case when value_scored <= 0 then 1.2 else target / nullif(value_scored, 0) end
        end as attainment
    from targeted
),
scored as (
    select *,
        case
            when direction = 'higher_better' then target * amber_ratio
            when direction = 'lower_better' then target / nullif(amber_ratio, 0)
        end as amber_threshold,
        -- a small sample is shown, not scored, coloured or ranked
        case when value_status = 'small_sample' then null
            when attainment >= 1.2 then 100.0 when attainment >= 0 then 100 * attainment / 1.2 end as score,
        case
            when direction = 'informational' or target is null or value_status = 'small_sample' then null
            when value_scored is null then 'grey'
            when attainment >= 1 then 'green'
            when attainment >= amber_ratio then 'amber'
            else 'red'
        end as rag,
        lag(value, 1) over (partition by region_code, secretariat_code, kpi_code order by month_start) as value_prev_month,
        lag(value, 12) over (partition by region_code, secretariat_code, kpi_code order by month_start) as value_prev_year
    from attained
),
ranked as (
    select month_start, region_code, secretariat_code, kpi_code,
        case when direction = 'lower_better'
            then rank() over (partition by month_start, secretariat_code, kpi_code order by value_scored asc)
            else rank() over (partition by month_start, secretariat_code, kpi_code order by value_scored desc)
        end as rank_in_month,
        count(*) over (partition by month_start, secretariat_code, kpi_code) as regions_ranked
    from scored
    where region_code <> 'ALL' and direction <> 'informational' and value_scored is not null
        and value_status = 'reported'
)
select
    s.month_start, s.region_code, s.secretariat_code, s.kpi_code, s.pillar, s.direction,
    s.has_data, s.value_status, s.sample_size, s.numerator, s.denominator, s.value, s.value_per_100k, s.value_scored,
    s.target, s.amber_threshold, s.attainment, s.score, s.rag,
    s.value_prev_month,
    s.value - s.value_prev_month as mom_change,
    (s.value - s.value_prev_month) / nullif(abs(s.value_prev_month), 0) as mom_change_pct,
    s.value_prev_year,
    s.value - s.value_prev_year as yoy_change,
    (s.value - s.value_prev_year) / nullif(abs(s.value_prev_year), 0) as yoy_change_pct,
    r.rank_in_month, r.regions_ranked, s.population
from scored as s
left join ranked as r using (month_start, region_code, secretariat_code, kpi_code);
