// Officials' notices (issue 23): publish a notice for a region in one's scope (zh-CN and
// English, ordinary or urgent, hotlines, valid period), see one's notices with their version,
// correct one (a new signed version; the history stays public) and withdraw one.
import { useState } from 'preact/hooks';
import { fieldError, get, post, type RequestOf } from '../../api';
import { fmtDateTime } from '../../format';
import { t } from '../../i18n';
import { Page } from '../../components/Page';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

type Content = Omit<RequestOf<'/api/v1/notices'>, 'region'>;
const DAY_MS = 86_400_000;

export function OfficialNotices() {
  const list = useLoad(() => get('/api/v1/notices', { cache: 'no-cache' }));
  const act = useAction();
  const [editing, setEditing] = useState<string>(); // notice id being corrected
  const [region, setRegion] = useState('');
  const [titleZh, setTitleZh] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [bodyZh, setBodyZh] = useState('');
  const [bodyEn, setBodyEn] = useState('');
  const [severity, setSeverity] = useState<'ordinary' | 'urgent'>('ordinary');
  const [hotlines, setHotlines] = useState('');
  const [days, setDays] = useState('7');
  const [note, setNote] = useState('');
  const problem = (n: string) => fieldError(act.error, n);

  const content = (): Content => {
    const now = Date.now();
    return {
      title_zh: titleZh.trim(),
      title_en: titleEn.trim(),
      body_zh: bodyZh.trim(),
      body_en: bodyEn.trim(),
      severity,
      hotlines: hotlines
        .split(/[,，、\s]+/)
        .map((h) => h.trim())
        .filter(Boolean),
      valid_from: new Date(now - 60_000).toISOString(),
      valid_to: new Date(now + Math.max(1, Number(days) || 1) * DAY_MS).toISOString(),
    };
  };
  const reset = () => {
    setEditing(undefined);
    setTitleZh('');
    setTitleEn('');
    setBodyZh('');
    setBodyEn('');
    setHotlines('');
    setNote('');
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void act.run(async () => {
      if (editing) {
        await post('/api/v1/notices/{id}/versions', { params: { id: editing }, body: { ...content(), note: note.trim() } });
      } else {
        await post('/api/v1/notices', { body: { region, ...content() } });
      }
      reset();
      list.reload();
      return t('on_saved');
    });
  };
  const notices = list.data?.notices ?? [];
  return (
    <Page title={t('on_title')} intro={t('on_intro')}>
      <form class="card form" onSubmit={submit} noValidate aria-labelledby="on-form-h">
        <h2 class="h3" id="on-form-h">
          {editing ? t('on_correct') : t('on_publish')}
        </h2>
        {act.msg && <Notice kind="success">{act.msg}</Notice>}
        <ErrorNotice error={act.error} />
        {!editing && <Field label={t('pt_region')} name="region" value={region} onInput={(v) => setRegion(v.replace(/\D/g, ''))} inputMode="numeric" maxLength={6} hint={t('pt_region_hint')} error={problem('region')} />}
        <Field label={t('on_title_zh')} name="title_zh" value={titleZh} onInput={setTitleZh} maxLength={200} error={problem('title_zh')} />
        <Field label={t('on_title_en')} name="title_en" value={titleEn} onInput={setTitleEn} maxLength={200} error={problem('title_en')} />
        <TextArea label={t('on_body_zh')} name="body_zh" value={bodyZh} onInput={setBodyZh} error={problem('body_zh')} />
        <TextArea label={t('on_body_en')} name="body_en" value={bodyEn} onInput={setBodyEn} error={problem('body_en')} />
        <Select label={t('on_severity')} name="severity" value={severity} onChange={setSeverity} options={[['ordinary', t('on_ordinary')], ['urgent', t('pt_urgent')]]} />
        <Field label={t('pt_hotlines')} name="hotlines" value={hotlines} onInput={setHotlines} optional hint={t('on_hotlines_hint')} error={problem('hotlines')} />
        <Field label={t('on_days')} name="days" type="number" min={1} max={365} value={days} onInput={setDays} error={problem('valid_to')} />
        {editing && <Field label={t('on_note')} name="note" value={note} onInput={setNote} maxLength={500} error={problem('note')} />}
        <div class="actions">
          <Button type="submit" busy={act.busy}>
            {editing ? t('on_correct') : t('on_publish')}
          </Button>
          {editing && (
            <button type="button" class="btn btn-link" onClick={reset}>
              {t('cancel')}
            </button>
          )}
        </div>
      </form>
      <h2>{t('on_mine')}</h2>
      <LoadStatus q={list} empty={!notices.length} />
      <ul class="cards">
        {notices.map((n) => (
          <li key={n.notice_id} class={`card notice${n.current.severity === 'urgent' ? ' notice-urgent' : ''}`}>
            <h3>{n.current.title_zh}</h3>
            <p class="muted small">
              {n.region} · {t('on_version', { n: n.version })} · {fmtDateTime(n.updated_at)} · {n.status === 'withdrawn' ? t('on_withdrawn') : t('on_active')}
            </p>
            {n.status === 'active' && (
              <div class="actions">
                <button
                  type="button"
                  class="btn btn-secondary"
                  onClick={() => {
                    setEditing(n.notice_id);
                    setTitleZh(n.current.title_zh);
                    setTitleEn(n.current.title_en);
                    setBodyZh(n.current.body_zh);
                    setBodyEn(n.current.body_en);
                    setSeverity(n.current.severity);
                    setHotlines(n.current.hotlines.join(', '));
                    window.scrollTo(0, 0);
                  }}
                >
                  {t('on_correct')}
                </button>
                <button
                  type="button"
                  class="btn btn-link"
                  onClick={() =>
                    void act.run(async () => {
                      await post('/api/v1/notices/{id}/withdraw', { params: { id: n.notice_id }, body: { reason: t('on_withdraw_reason') } });
                      list.reload();
                      return t('on_withdrawn');
                    })
                  }
                >
                  {t('on_withdraw')}
                </button>
                <a class="btn btn-link" href={`/api/v1/notices/${n.notice_id}/versions`}>
                  {t('on_history')}
                </a>
              </div>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}
