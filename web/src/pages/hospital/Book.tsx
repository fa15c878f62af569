// Hospital booking (issue 22): the free slots of a department by day (/hospital/book?h=&d=
// [&doctor=][&day=]). A day picker over the rolling 14-day window (today as the server counts it,
// Asia/Shanghai), a doctor filter, and the slots; choosing one holds its place for a few
// minutes, and confirming books it with the hold (or letting it go gives the place back). A red or yellow health code is refused an
// ordinary clinic: the page says so and offers the fever clinic (发热门诊) and its free slots.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, del, get, post } from '../../api';
import { localized, t } from '../../i18n';
import { Link, useLocation } from '../../router';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { Select } from '../../components/form/Select';
import { Notice } from '../../components/feedback/Notice';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { type Appointment, type Directory, type Slot, WINDOW_DAYS, dayName, daysFrom, departmentName, doctorName, hm, loadDirectory, whenText } from './common';

interface Held {
  slot: Slot;
  department: string;
  hold_id: string;
  expires_at: string;
}

export function HospitalBook() {
  const loc = useLocation();
  const h = loc.query.get('h') ?? '';
  const d = loc.query.get('d') ?? '';
  const [doctor, setDoctor] = useState(loc.query.get('doctor') ?? '');
  const [day, setDay] = useState(loc.query.get('day') ?? '');
  const dir = useLoad(() => loadDirectory(h), [h]);
  // Without a day the server answers for its today: the window starts there.
  const first = useLoad(() => get('/api/v1/hospital-departments/{department}/slots', { params: { department: d } }), [d]);
  const today = first.data?.day ?? '';
  const chosen = day || today;
  const q = useLoad(async () => (chosen ? get('/api/v1/hospital-departments/{department}/slots', { params: { department: d }, query: { day: chosen } }) : undefined), [d, chosen]);
  const [held, setHeld] = useState<Held>();
  const [booked, setBooked] = useState<Appointment>();
  const a = useAction();
  useEffect(() => {
    setHeld(undefined);
  }, [chosen, d]);

  const directory: Directory | undefined = dir.data;
  const s = q.data;
  const depName = s ? localized(s.department.name) : departmentName(directory, d);
  const doctors = directory?.doctors.filter((x) => x.department_id === d) ?? [];
  const visible = (s?.slots ?? []).filter((x) => !doctor || x.doctor_id === doctor);
  const days = today ? daysFrom(today, WINDOW_DAYS) : [];

  const hold = (slot: Slot, department: string) =>
    a.run(async () => {
      setBooked(undefined);
      const r = await post('/api/v1/hospital-slots/{slot}/hold', { params: { slot: slot.id } });
      setHeld({ slot, department, hold_id: r.hold_id, expires_at: r.expires_at });
    }, `hold-${slot.id}`);
  const confirm = () =>
    a.run(async () => {
      if (!held) return;
      try {
        const appt = await post('/api/v1/appointments', { body: { slot_id: held.slot.id, hold_id: held.hold_id } });
        setBooked(appt);
        return t('hosp_booked', { when: whenText(appt) });
      } finally {
        setHeld(undefined);
        q.reload();
      }
    }, 'book');

  // Gives the place back at once; a hold that already expired (404) is gone anyway.
  const release = () =>
    a.run(async () => {
      if (!held) return;
      try {
        await del('/api/v1/hospital-holds/{id}', { params: { id: held.hold_id } });
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      } finally {
        setHeld(undefined);
        q.reload();
      }
    }, 'release');
  const slotList = (slots: Slot[], department: string, label: string) => (
    <ul class="hosp-slots" aria-label={label}>
      {slots.map((x) => {
        const who = doctorName(directory, x.doctor_id);
        return (
          <li key={x.id} class="hosp-slot" data-slot={x.id}>
            <Button kind="secondary" busy={a.running === `hold-${x.id}`} disabled={a.busy || !!held} aria-label={t('hosp_slot_label', { time: `${hm(x.start)}–${hm(x.end)}`, doctor: who, n: x.free })} onClick={() => void hold(x, department)}>
              <span class="hosp-slot-time">{hm(x.start)}</span>
              <span class="small"> {who}</span>
              <span class="small muted"> · {t('hosp_free', { n: x.free })}</span>
            </Button>
          </li>
        );
      })}
    </ul>
  );

  return (
    <Page title={depName || t('hosp_slots_title')}>
      <p>
        <Link href={`/hospital?h=${encodeURIComponent(h)}`}>← {t('hosp_departments')}</Link>
      </p>
      <p class="small muted">
        {t('hosp_real_name')} {t('hosp_rules_cancel', { n: 2 })}
      </p>
      <LoadStatus q={first} empty={false} />
      {days.length > 0 && (
        <section aria-labelledby="hosp-days-head">
          <h2 id="hosp-days-head" class="h3">
            {t('hosp_days_label')}
          </h2>
          <div class="hosp-days" role="group" aria-labelledby="hosp-days-head">
            {days.map((x) => (
              <button type="button" key={x} class={`btn hosp-day${x === chosen ? ' btn-primary' : ' btn-secondary'}`} aria-pressed={x === chosen ? 'true' : 'false'} data-day={x} onClick={() => setDay(x)}>
                {x === today ? `${t('hosp_today')} ` : ''}
                {dayName(x)}
              </button>
            ))}
          </div>
        </section>
      )}
      {booked && (
        <Notice kind="success">
          {t('hosp_booked', { when: whenText(booked) })} <Link href="/hospital/appointments">{t('hosp_see_mine')}</Link>
        </Notice>
      )}
      {!booked && <ActionNotices action={a} />}
      {held && (
        <section class="card hosp-confirm" aria-labelledby="hosp-confirm-head">
          <h2 id="hosp-confirm-head">{t('hosp_confirm_title')}</h2>
          <dl class="kv">
            <div>
              <dt>{t('hosp_where')}</dt>
              <dd>{departmentName(directory, held.department) || depName}</dd>
            </div>
            <div>
              <dt>{t('hosp_doctor')}</dt>
              <dd>{doctorName(directory, held.slot.doctor_id)}</dd>
            </div>
            <div>
              <dt>{t('hosp_when')}</dt>
              <dd>{whenText(held.slot)}</dd>
            </div>
          </dl>
          <p class="small">{t('hosp_held_until', { time: hm(held.expires_at) })}</p>
          <div class="actions">
            <Button busy={a.running === 'book'} onClick={() => void confirm()}>
              {t('hosp_confirm')}
            </Button>
            <Button kind="link" busy={a.running === 'release'} disabled={a.busy} onClick={() => void release()}>
              {t('hosp_release')}
            </Button>
          </div>
        </section>
      )}
      {chosen && <LoadStatus q={q} empty={false} />}
      {s && s.refused && (
        <section class="card hosp-refused" aria-labelledby="hosp-refused-head" data-code={s.reason?.code} data-day={s.day}>
          <h2 id="hosp-refused-head">{t('hosp_refused_title')}</h2>
          <Notice kind="warning">{localized(s.reason)}</Notice>
          {(s.fever_clinics ?? []).map((c) => (
            <p key={c.id}>
              <Link href={`/hospital/book?h=${encodeURIComponent(c.hospital_id)}&d=${encodeURIComponent(c.id)}`}>{localized(c.name)}</Link>
            </p>
          ))}
          <h3 class="h3">
            {t('hosp_refused_slots')} · {dayName(s.day)}
          </h3>
          {(s.fever_slots ?? []).length ? slotList(s.fever_slots ?? [], s.fever_clinics?.[0]?.id ?? '', t('hosp_refused_slots')) : <p>{t('hosp_refused_none')}</p>}
        </section>
      )}
      {s && !s.refused && (
        <section class="hosp-day-slots" aria-labelledby="hosp-slots-head" data-day={s.day}>
          <h2 id="hosp-slots-head">
            {t('hosp_slots_title')} · {dayName(s.day)}
          </h2>
          {doctors.length > 0 && (
            <Select label={t('hosp_doctor_filter')} name="doctor" value={doctor} onChange={setDoctor} options={[['', t('hosp_any_doctor')] as [string, string], ...doctors.map((x) => [x.id, `${x.name} · ${x.title}`] as [string, string])]} />
          )}
          {visible.length ? slotList(visible, d, `${t('hosp_slots_title')} · ${dayName(s.day)}`) : <p class="muted hosp-no-slots">{t('hosp_no_slots')}</p>}
        </section>
      )}
    </Page>
  );
}
