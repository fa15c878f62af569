// Case reports (病例报告) and contact tracing.
import { useState } from 'preact/hooks';
import { fieldError, get, post, type RequestOf } from '../../api';
import { t, useLang } from '../../i18n';
import { idNumberProblem } from '../../idcard';
import { useSession, hasRole } from '../../session';
import { Button } from '../../components/Button';
import { ImpactConfirm, type Impact } from '../../components/ImpactConfirm';
import { Page } from '../../components/Page';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import type { Case, CaseStatus } from './types';
import { shanghaiDate } from './dates';
import { CaseCard } from './CaseCard';

const STATUSES = ['suspected', 'confirmed', 'asymptomatic', 'excluded'] as const;

export function Cases() {
  useLang();
  const session = useSession();
  const canDecide = session.status === 'in' && hasRole(session.me, 'health_official');
  const [id, setId] = useState('');
  const [status, setStatus] = useState<CaseStatus>('suspected');
  const [onset, setOnset] = useState(shanghaiDate());
  const [unit, setUnit] = useState('');
  const [note, setNote] = useState('');
  const report = useAction();
  // What the report would do, shown for confirmation; any edit of the form drops it.
  const [impact, setImpact] = useState<Impact>();
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    setImpact(undefined);
    set(v);
  };
  const [open, setOpen] = useState<string>();
  const list = useLoad(() => get('/api/v1/cases'));
  const cases: Case[] = list.data?.cases ?? [];
  const idp = idNumberProblem(id);

  const replace = (c: Case) => {
    const others = cases.filter((x) => x.case_id !== c.case_id);
    list.setData({ cases: [c, ...others].sort((a, b) => (a.reported_at < b.reported_at ? 1 : -1)) });
  };

  const body = (): RequestOf<'/api/v1/cases'> => {
    const b: RequestOf<'/api/v1/cases'> = { id_number: id, status, onset_date: onset };
    if (unit.trim()) b.reporting_unit = unit.trim();
    if (note.trim()) b.note = note.trim();
    return b;
  };

  // First the effect (nothing is stored), then the report once the official confirms.
  const submit = async (e: Event) => {
    e.preventDefault();
    if (idp) {
      report.setError(undefined);
      return;
    }
    await report.run(async () => {
      setImpact(await post('/api/v1/cases/preview', { body: body() }));
    }, 'preview');
  };
  const confirm = () =>
    report.run(async () => {
      const r = await post('/api/v1/cases', { body: body() });
      setImpact(undefined);
      setId('');
      setStatus('suspected');
      setOnset(shanghaiDate());
      setUnit('');
      setNote('');
      replace(r);
      if (canDecide) setOpen(r.case_id);
      return t('cs_reported', { id: r.case_id, close: r.close_contacts, secondary: r.secondary_contacts });
    }, 'report');
  const fieldProblem = (name: string) => fieldError(report.error, name);

  return (
    <Page title={t('cs_title')} intro={t('cs_intro')}>
      <form class="card form" onSubmit={submit} noValidate aria-labelledby="cs-form-h">
        <h2 class="h3" id="cs-form-h">
          {t('cs_report')}
        </h2>
        <ActionNotices action={report} />
        <Field
          label={t('person_id_number')}
          name="id_number"
          value={id}
          onInput={edit((v: string) => setId(v.toUpperCase()))}
          maxLength={18}
          autoComplete="off"
          required
          error={(id.length === 18 && idp ? t(`err_id_${idp}`) : undefined) ?? fieldProblem('id_number')}
        />
        <Select label={t('cs_status')} name="status" value={status} onChange={edit(setStatus)} options={STATUSES.map((s) => [s, t(`cs_${s}`)])} />
        <Field label={t('cs_onset')} name="onset_date" type="date" value={onset} onInput={edit(setOnset)} max={shanghaiDate()} required error={fieldProblem('onset_date')} />
        <Field label={t('cs_unit')} name="reporting_unit" value={unit} onInput={edit(setUnit)} optional maxLength={200} />
        <TextArea label={`${t('note')} ${t('optional')}`} name="note" value={note} onInput={edit(setNote)} rows={2} />
        {impact ? (
          <ImpactConfirm impact={impact} confirmLabel={t('cs_confirm_report')} busy={report.running === 'report'} onConfirm={confirm} onCancel={() => setImpact(undefined)} />
        ) : (
          <Button type="submit" busy={report.running === 'preview'} disabled={id.length !== 18 || !!idp}>
            {t('cs_report')}
          </Button>
        )}
      </form>
      <h2>{t('cs_list')}</h2>
      <LoadStatus q={list} empty={!list.error && !cases.length} />
      <ul class="cards">
        {cases.map((c) => (
          <CaseCard key={c.case_id} c={c} canDecide={canDecide} open={open === c.case_id} onToggle={() => setOpen(open === c.case_id ? undefined : c.case_id)} onChanged={replace} />
        ))}
      </ul>
    </Page>
  );
}
