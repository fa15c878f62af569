// Hospital booking (issue 22), the hospital's screens (hospital_admin of the place, or admin):
// today's list with attendance (arrived / no-show / seen), the no-shows of the last 14 days (one
// read of the server's no-show list), and
// the weekly schedules with a form for a new one. Patients appear masked (张*三, 3501**…1234);
// the server audits each day-list read.
import { useState } from 'preact/hooks';
import { get, post, type ApiError } from '../../api';
import { localized, t } from '../../i18n';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { Checkbox } from '../../components/form/Checkbox';
import { ActionNotices, ErrorNotice } from '../../components/feedback/ErrorNotice';
import { LoadStatus, Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { DataTable } from '../../components/DataTable';
import { type Appointment, type Directory, type Hospital, StatusTag, WINDOW_DAYS, dayName, departmentName, doctorName, hm, loadDirectory, statusName, useManagedHospital } from './common';

type DayAppointment = Appointment & { patient?: { masked_name: string; masked_id: string } };

/** The page frame of the hospital screens: the hospital picker, or why there is none. */
function Managed({ title, intro, children }: { title: string; intro: string; children: (h: Hospital) => preact.ComponentChildren }) {
  const m = useManagedHospital();
  return (
    <Page title={title} intro={intro}>
      {m.picker}
      {m.loading && <Loading />}
      <ErrorNotice error={m.error} />
      {!m.loading && !m.hospital && !m.error && <Notice kind="info">{t('hosp_admin_none')}</Notice>}
      {m.hospital && (
        <>
          <p class="hosp-admin-hospital">
            <strong>{m.hospital.name}</strong>
          </p>
          {children(m.hospital)}
        </>
      )}
    </Page>
  );
}

function patientText(x: DayAppointment): string {
  return x.patient ? `${x.patient.masked_name} ${x.patient.masked_id}` : '';
}

export function HospitalToday() {
  return (
    <Managed title={t('hosp_today_title')} intro={t('hosp_today_intro')}>
      {(h) => <DayList key={h.id} hospital={h} />}
    </Managed>
  );
}

function DayList({ hospital }: { hospital: Hospital }) {
  const [day, setDay] = useState('');
  const dir = useLoad(() => loadDirectory(hospital.id), [hospital.id]);
  const q = useLoad(() => get('/api/v1/hospitals/{id}/appointments', { params: { id: hospital.id }, query: { day: day || undefined } }), [hospital.id, day]);
  const a = useAction();
  const list = (q.data?.appointments ?? []) as DayAppointment[];
  const mark = (x: DayAppointment, status: 'arrived' | 'noshow' | 'fulfilled') =>
    a.run(async () => {
      const r = await post('/api/v1/hospitals/{id}/appointments/{booking}/attendance', { params: { id: hospital.id, booking: x.id }, body: { status } });
      q.reload();
      return t('hosp_marked', { patient: x.patient?.masked_name ?? '', status: statusName(r.status) });
    }, `${status}-${x.id}`);
  const button = (x: DayAppointment, status: 'arrived' | 'noshow' | 'fulfilled', label: string, kind: 'primary' | 'secondary' | 'danger') => (
    <Button kind={kind} busy={a.running === `${status}-${x.id}`} disabled={a.busy} aria-label={t('hosp_mark_label', { action: label, patient: x.patient?.masked_name ?? '', time: hm(x.start) })} onClick={() => void mark(x, status)}>
      {label}
    </Button>
  );
  return (
    <>
      <form class="form hosp-day-form" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('hosp_list_day')} type="date" name="day" value={day || q.data?.day || ''} onInput={setDay} />
      </form>
      <ActionNotices action={a} />
      <LoadStatus q={q} empty={!list.length} />
      {q.data && list.length > 0 && (
        <>
          <p class="small muted">
            {dayName(q.data.day)} · {t('hosp_count', { n: list.length })}
          </p>
          <DataTable caption={`${t('hosp_today_title')} ${q.data.day}`} class="hosp-day-list small" headers={[t('hosp_when'), t('hosp_patient'), t('hosp_where'), t('hosp_status'), t('hosp_actions')]}>
            {list.map((x) => (
              <tr key={x.id} data-id={x.id} data-status={x.status}>
                <th scope="row">
                  {hm(x.start)}–{hm(x.end)}
                </th>
                <td class="hosp-patient">{patientText(x)}</td>
                <td>
                  {departmentName(dir.data, x.department_id)}
                  <br />
                  <span class="muted">{doctorName(dir.data, x.doctor_id)}</span>
                </td>
                <td>
                  <StatusTag status={x.status} />
                </td>
                <td>
                  <div class="actions">
                    {x.status === 'booked' && button(x, 'arrived', t('hosp_mark_arrived'), 'primary')}
                    {x.status === 'booked' && button(x, 'noshow', t('hosp_mark_noshow'), 'danger')}
                    {(x.status === 'booked' || x.status === 'arrived') && button(x, 'fulfilled', t('hosp_mark_fulfilled'), 'secondary')}
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </>
  );
}

export function HospitalNoShows() {
  return (
    <Managed title={t('hosp_noshows_title')} intro={t('hosp_noshows_intro')}>
      {(h) => <NoShows key={h.id} hospital={h} />}
    </Managed>
  );
}

function NoShows({ hospital }: { hospital: Hospital }) {
  const dir = useLoad(() => loadDirectory(hospital.id), [hospital.id]);
  // The server's no-show list: the last 14 days, today included, newest first.
  const q = useLoad(async () => (await get('/api/v1/hospitals/{id}/no-shows', { params: { id: hospital.id } })).no_shows as DayAppointment[], [hospital.id]);
  const list = q.data ?? [];
  return (
    <>
      <LoadStatus q={q} empty={!!q.data && !list.length} />
      {list.length > 0 && (
        <DataTable caption={t('hosp_noshows_title')} class="hosp-noshows small" headers={[t('hosp_when'), t('hosp_patient'), t('hosp_where'), t('hosp_status')]}>
          {list.map((x) => (
            <tr key={x.id} data-id={x.id}>
              <th scope="row">
                {dayName(x.day)} {hm(x.start)}
              </th>
              <td class="hosp-patient">{patientText(x)}</td>
              <td>
                {departmentName(dir.data, x.department_id)} · <span class="muted">{doctorName(dir.data, x.doctor_id)}</span>
              </td>
              <td>
                <StatusTag status={x.status} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

export function HospitalSchedules() {
  return (
    <Managed title={t('hosp_schedules_title')} intro={t('hosp_schedules_intro')}>
      {(h) => <Schedules key={h.id} hospital={h} />}
    </Managed>
  );
}

const wd = (d: number) => t(`hosp_wd_${d}` as 'hosp_wd_1');

/** "周一–周五 08:00–11:30；周六 18:00–20:00": the days of each time window, runs joined. */
function weeklyText(w: { weekday: number; start: string; end: string }[]): string {
  const byHours = new Map<string, number[]>();
  for (const x of w) byHours.set(`${x.start}–${x.end}`, [...(byHours.get(`${x.start}–${x.end}`) ?? []), x.weekday]);
  const parts: string[] = [];
  for (const [hours, days] of byHours) {
    const sorted = [...new Set(days)].sort((a, b) => a - b);
    const runs: string[] = [];
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
      runs.push(j - i >= 2 ? `${wd(sorted[i])}–${wd(sorted[j])}` : sorted.slice(i, j + 1).map(wd).join('、'));
      i = j + 1;
    }
    parts.push(`${runs.join('、')} ${hours}`);
  }
  return parts.join('；');
}

function Schedules({ hospital }: { hospital: Hospital }) {
  const dir = useLoad(() => loadDirectory(hospital.id), [hospital.id]);
  const q = useLoad(() => get('/api/v1/hospitals/{id}/schedules', { params: { id: hospital.id } }), [hospital.id]);
  const list = q.data?.schedules ?? [];
  return (
    <>
      <section aria-labelledby="hosp-sched-head">
        <h2 id="hosp-sched-head">{t('hosp_schedules_title')}</h2>
        <LoadStatus q={q} empty={!list.length} />
        {list.length > 0 && (
          <DataTable caption={t('hosp_schedules_title')} class="hosp-schedules small" headers={[t('hosp_schedule_name'), t('hosp_weekly'), t('hosp_slot_minutes'), t('hosp_capacity'), t('hosp_released')]}>
            {list.map((s) => (
              <tr key={s.id} data-id={s.id}>
                <th scope="row">
                  {departmentName(dir.data, s.department_id)}
                  {s.doctor_id && <span> · {doctorName(dir.data, s.doctor_id)}</span>}
                </th>
                <td>{weeklyText(s.weekly)}</td>
                <td>{s.slot_minutes}</td>
                <td>{s.capacity}</td>
                <td>{s.released_through}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      {dir.data && <NewSchedule hospital={hospital} dir={dir.data} onCreated={q.reload} />}
    </>
  );
}

function NewSchedule({ hospital, dir, onCreated }: { hospital: Hospital; dir: Directory; onCreated: () => void }) {
  const [dep, setDep] = useState(dir.departments[0]?.id ?? '');
  const [doctor, setDoctor] = useState('');
  const [minutes, setMinutes] = useState('15');
  const [capacity, setCapacity] = useState('1');
  const [windowDays, setWindowDays] = useState(String(WINDOW_DAYS));
  const [weekdays, setWeekdays] = useState<number[]>([1, 2, 3, 4, 5]);
  const [start, setStart] = useState('08:00');
  const [end, setEnd] = useState('12:00');
  const [local, setLocal] = useState<string>();
  const a = useAction();
  const doctors = dir.doctors.filter((x) => x.department_id === dep);
  const err = (f: string) => (a.error as ApiError | undefined)?.field?.(f);
  return (
    <form
      class="card form hosp-new-schedule"
      aria-labelledby="hosp-new-head"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setLocal(undefined);
        if (!weekdays.length) {
          setLocal(t('hosp_pick_weekday'));
          return;
        }
        void a.run(async () => {
          const s = await post('/api/v1/hospitals/{id}/schedules', {
            params: { id: hospital.id },
            body: {
              department_id: dep,
              ...(doctor ? { doctor_id: doctor } : {}),
              slot_minutes: Number(minutes),
              capacity: Number(capacity),
              window_days: Number(windowDays),
              weekly: weekdays.map((weekday) => ({ weekday, start, end })),
            },
          });
          onCreated();
          return t('hosp_created', { day: s.released_through });
        }, 'create');
      }}
    >
      <h2 id="hosp-new-head">{t('hosp_new_schedule')}</h2>
      <Select
        label={t('hosp_department')}
        name="department_id"
        value={dep}
        onChange={(v) => {
          setDep(v);
          setDoctor('');
        }}
        options={dir.departments.map((x) => [x.id, localized(x.name)] as [string, string])}
      />
      <Select label={t('hosp_doctor_opt')} name="doctor_id" value={doctor} onChange={setDoctor} options={[['', t('hosp_no_doctor')] as [string, string], ...doctors.map((x) => [x.id, `${x.name} · ${x.title}`] as [string, string])]} />
      <fieldset class="hosp-weekdays">
        <legend>{t('hosp_weekdays')}</legend>
        {[1, 2, 3, 4, 5, 6, 7].map((d) => (
          <Checkbox key={d} name={`weekday-${d}`} label={t(`hosp_wd_${d}` as 'hosp_wd_1')} checked={weekdays.includes(d)} onChange={(on) => setWeekdays(on ? [...weekdays, d].sort() : weekdays.filter((x) => x !== d))} />
        ))}
        {local && <Notice kind="error">{local}</Notice>}
      </fieldset>
      <Field label={t('hosp_start')} type="time" name="start" value={start} onInput={setStart} required error={err('weekly[0].start')} />
      <Field label={t('hosp_end')} type="time" name="end" value={end} onInput={setEnd} required error={err('weekly[0].end')} />
      <Field label={t('hosp_slot_minutes')} type="number" inputMode="numeric" min={5} max={240} name="slot_minutes" value={minutes} onInput={setMinutes} required error={err('slot_minutes')} />
      <Field label={t('hosp_capacity')} type="number" inputMode="numeric" min={1} max={500} name="capacity" value={capacity} onInput={setCapacity} required error={err('capacity')} />
      <Field label={t('hosp_window_days')} type="number" inputMode="numeric" min={1} max={60} name="window_days" value={windowDays} onInput={setWindowDays} error={err('window_days')} />
      <ActionNotices action={a} />
      <div class="actions">
        <Button type="submit" busy={a.running === 'create'}>
          {t('hosp_create')}
        </Button>
      </div>
    </form>
  );
}
