// Internet hospital (互联网医院): the patient's online follow-ups — book a slot of a department's
// online schedule (follow-ups only: the server refuses a first visit with first_visit_required),
// the list of consultations, and one consultation's thread (/ihospital/consultations/<id>), shared
// with the doctor: text and images, and for the doctor the close with notes and a prescription.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../../api';
import { localized, t } from '../../i18n';
import { Link, useLocation } from '../../router';
import { fmtDateTime, fmtTime } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { useAction } from '../../hooks/useAction';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { Checkbox } from '../../components/form/Checkbox';
import { TextArea } from '../../components/form/TextArea';
import { Notice } from '../../components/feedback/Notice';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { type Consultation, ConsultationStatus, postImage } from './common';

const PREFIX = '/ihospital/consultations/';

export function IhConsultations() {
  const loc = useLocation();
  const id = loc.path.startsWith(PREFIX) ? decodeURIComponent(loc.path.slice(PREFIX.length)) : '';
  return id ? <Thread key={id} id={id} /> : <MyConsultations />;
}

function today(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function Booking({ onBooked }: { onBooked: () => void }) {
  const hospitals = useLoad(() => get('/api/v1/hospitals'));
  const [hospital, setHospital] = useState('');
  const list = hospitals.data?.hospitals ?? [];
  useEffect(() => {
    if (!hospital && list.length) setHospital(list[0].id);
  }, [list.length]);
  const deps = useLoad(async () => (hospital ? get('/api/v1/hospitals/{id}/departments', { params: { id: hospital } }) : undefined), [hospital]);
  const [dept, setDept] = useState('');
  const departments = (deps.data?.departments ?? []).filter((d) => d.kind === 'ordinary');
  useEffect(() => {
    if (departments.length && !departments.some((d) => d.id === dept)) setDept(departments[0].id);
  }, [deps.data]);
  const [day, setDay] = useState(today());
  const slots = useLoad(async () => (dept ? get('/api/v1/hospital-departments/{department}/online-slots', { params: { department: dept }, query: { day } }) : undefined), [dept, day]);
  const doctors = deps.data?.doctors ?? [];
  const [withGuardian, setWithGuardian] = useState(false);
  const [gid, setGid] = useState('');
  const [gname, setGname] = useState('');
  const a = useAction();
  const book = (slot: string) =>
    a.run(async () => {
      await post('/api/v1/consultations', {
        body: withGuardian ? { slot_id: slot, guardian: { id_number: gid, name: gname, relation: 'parent' } } : { slot_id: slot },
      });
      slots.reload();
      onBooked();
      return t('ih_booked');
    }, slot);
  return (
    <section class="card form ih-booking" aria-labelledby="ih-book-h">
      <h2 id="ih-book-h">{t('ih_book')}</h2>
      <Select label={t('ih_hospital')} name="hospital" value={hospital} onChange={setHospital} options={list.map((h): [string, string] => [h.id, h.name])} />
      <Select label={t('ih_department')} name="department" value={dept} onChange={setDept} options={departments.map((d): [string, string] => [d.id, localized(d.name)])} />
      <Field label={t('ih_day')} type="date" name="day" value={day} onInput={setDay} />
      <Checkbox label={t('ih_guardian')} checked={withGuardian} onChange={setWithGuardian} />
      {withGuardian && (
        <>
          <Field label={t('ih_guardian_id')} name="guardian_id" value={gid} onInput={setGid} />
          <Field label={t('ih_guardian_name')} name="guardian_name" value={gname} onInput={setGname} />
        </>
      )}
      <ActionNotices action={a} />
      <LoadStatus q={slots} empty={false} />
      {slots.data && !slots.data.slots.length && <p class="muted">{t('ih_no_slots')}</p>}
      <ul class="ih-slots">
        {(slots.data?.slots ?? []).map((s) => (
          <li key={s.id}>
            <Button kind="secondary" busy={a.running === s.id} onClick={() => book(s.id)} data-slot={s.id}>
              {t('ih_book_slot', { time: fmtTime(s.start) })}
            </Button>{' '}
            <span class="muted">{doctors.find((d) => d.id === s.doctor_id)?.name ?? ''}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function MyConsultations() {
  const q = useLoad(() => get('/api/v1/me/consultations'));
  const list = q.data?.consultations ?? [];
  return (
    <Page title={t('ih_title')} intro={t('ih_intro')}>
      <Booking onBooked={() => q.reload()} />
      <h2>{t('ih_my_consultations')}</h2>
      <LoadStatus q={q} empty={!list.length} />
      <ul class="cards ih-consultations">
        {list.map((c) => (
          <li class="card ih-consultation" key={c.id} data-status={c.status}>
            <p>
              <Link href={`${PREFIX}${encodeURIComponent(c.id)}`}>{fmtDateTime(c.start)}</Link> <ConsultationStatus c={c} />
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}

function CloseForm({ c, onClosed }: { c: Consultation; onClosed: (c: Consultation) => void }) {
  const [notes, setNotes] = useState('');
  const [drug, setDrug] = useState('');
  const [quantity, setQuantity] = useState('28');
  const [dosage, setDosage] = useState('');
  const drugs = useLoad(() => get('/api/v1/drugs'));
  const a = useAction();
  const onlineDrugs = (drugs.data?.drugs ?? []).filter((d) => d.online);
  return (
    <form
      class="card form ih-close"
      onSubmit={(e) => {
        e.preventDefault();
        void a.run(async () => {
          const body: { notes: string; version: number; prescription?: { items: { drug_code: string; quantity: number; dosage?: string }[] } } = { notes, version: c.version };
          if (drug) body.prescription = { items: [{ drug_code: drug, quantity: Number(quantity) || 0, dosage: dosage || undefined }] };
          onClosed(await post('/api/v1/consultations/{id}/close', { params: { id: c.id }, body }));
          return t('ih_closed_ok');
        });
      }}
    >
      <TextArea label={t('ih_notes')} name="notes" value={notes} onInput={setNotes} rows={3} />
      <Select label={t('ih_close_rx')} name="drug" value={drug} onChange={setDrug} options={[['', '—'], ...onlineDrugs.map((d): [string, string] => [d.code, localized(d.name)])]} />
      {drug && (
        <>
          <Field label={t('ih_quantity')} name="quantity" inputMode="numeric" value={quantity} onInput={setQuantity} />
          <Field label={t('ih_dosage')} name="dosage" value={dosage} onInput={setDosage} optional />
        </>
      )}
      <ActionNotices action={a} />
      <Button type="submit" busy={a.busy}>
        {t('ih_close')}
      </Button>
    </form>
  );
}

function Thread({ id }: { id: string }) {
  const q = useLoad(() => get('/api/v1/consultations/{id}', { params: { id } }), [id]);
  const [c, setC] = useState<Consultation>();
  useEffect(() => setC(q.data), [q.data]);
  const [text, setText] = useState('');
  const a = useAction();
  const staff = !!c?.patient;  // the doctor's view carries the patient's masked name
  const me = staff ? 'doctor' : 'patient';
  const reload = async () => setC(await get('/api/v1/consultations/{id}', { params: { id } }));
  return (
    <Page title={t('ih_thread')}>
      <p>
        <Link href={staff ? '/ihospital/doctor' : '/ihospital'}>{t('back')}</Link>
      </p>
      <LoadStatus q={q} empty={false} />
      {c && (
        <>
          <p>
            {fmtDateTime(c.start)} <ConsultationStatus c={c} /> {staff && <span class="ih-patient">{t('ih_patient')}：{c.patient}</span>}
          </p>
          <ol class="ih-thread" aria-live="polite">
            {(c.messages ?? []).map((m) => (
              <li key={m.id} class={`ih-msg ih-msg-${m.from}${m.from === me ? ' ih-msg-mine' : ''}`} data-kind={m.kind}>
                <span class="small muted">
                  {m.from === me ? t('ih_you') : m.from === 'doctor' ? t('ih_doctor') : t('ih_patient')} · {fmtTime(m.at)}
                </span>
                {m.kind === 'text' ? <p class="ih-text">{m.text}</p> : <img class="ih-image" src={m.image_url} alt={t('ih_image_alt')} loading="lazy" />}
              </li>
            ))}
          </ol>
          {c.status === 'closed' ? (
            <>
              <Notice kind="info">{t('ih_closed_note')}</Notice>
              {c.notes && (
                <section class="card ih-notes">
                  <h2 class="h3">{t('ih_notes')}</h2>
                  <p>{c.notes}</p>
                  {c.prescription_id && !staff && <Link href="/ihospital/prescriptions">{t('nav_ihospital_rx')}</Link>}
                </section>
              )}
            </>
          ) : (
            <>
              <form
                class="card form ih-compose"
                onSubmit={(e) => {
                  e.preventDefault();
                  void a.run(async () => {
                    await post('/api/v1/consultations/{id}/messages', { params: { id }, body: { text } });
                    setText('');
                    await reload();
                  }, 'text');
                }}
              >
                <TextArea label={t('ih_message')} name="text" value={text} onInput={setText} rows={2} />
                <Button type="submit" busy={a.running === 'text'}>
                  {t('ih_send')}
                </Button>
                <div class="field">
                  <label for="ih-image">{t('ih_image')}</label>
                  <input
                    id="ih-image"
                    type="file"
                    accept="image/jpeg,image/png,image/webp"
                    onChange={(e) => {
                      const input = e.currentTarget as HTMLInputElement;
                      const file = input.files?.[0];
                      if (!file) return;
                      void a.run(async () => {
                        await postImage(id, file);
                        input.value = '';
                        await reload();
                        return t('ih_sent');
                      }, 'image');
                    }}
                  />
                </div>
                <ActionNotices action={a} />
              </form>
              {staff && <CloseForm c={c} onClosed={setC} />}
            </>
          )}
        </>
      )}
    </Page>
  );
}
