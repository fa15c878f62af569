// One declaration under review or one appeal: the facts and the official's decision. Changing a
// person's colour is confirmed first (whose code, from what, to what); the queue then says what
// was done instead of letting the item vanish.
import { useState } from 'preact/hooks';
import { post, type RequestOf, type ResponseOf } from '../../api';
import { fmtDateTime } from '../../format';
import { colourWord, localized, t, tMaybe } from '../../i18n';
import { Button } from '../../components/Button';
import { Entry } from '../../components/Entry';
import { ColourBadge } from '../../components/ColourBadge';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Select } from '../../components/form/Select';
import { TextArea } from '../../components/form/TextArea';

type Colour = NonNullable<RequestOf<'/api/v1/reviews/{id}'>['colour']>;

/** A declaration under review or an appeal, as GET /api/v1/reviews lists it. */
export type Review = ResponseOf<'/api/v1/reviews'>['items'][number];

/** What the official decided, for the queue's "done" notice. */
export type Decided = { name: string; decision: 'approve' | 'override'; colour: Colour };

export function ReviewItem({ item, onDone }: { item: Review; onDone: (d: Decided) => void }) {
  const [reason, setReason] = useState('');
  const [colour, setColour] = useState<Colour>('green');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [touched, setTouched] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { kind, review_id: id, person, declaration: decl } = item;
  const askOverride = () => {
    setTouched(true);
    if (!reason.trim()) return;
    setConfirming(true);
  };
  const decide = async (decision: 'approve' | 'override') => {
    setTouched(true);
    if (!reason.trim()) return;
    setBusy(decision);
    setError(undefined);
    try {
      const r = await post('/api/v1/reviews/{id}', { params: { id }, body: decision === 'approve' ? { decision, reason: reason.trim() } : { decision, colour, reason: reason.trim() } });
      onDone({ name: person.masked_name, decision, colour: r.colour });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <li class="card review">
      <p class="muted small">
        <strong class="tag">{t(kind === 'appeal' ? 'rv_kind_appeal' : 'rv_kind_review')}</strong> {fmtDateTime(item.created_at)}
      </p>
      <p>
        <strong>{person.masked_name}</strong> <span class="muted">{person.masked_id}</span> {item.region && <span class="muted">· {item.region}</span>}
      </p>
      <p>
        {t('rv_current')}: <ColourBadge colour={item.colour} />
      </p>
      {item.detail && <blockquote>{localized(item.detail)}</blockquote>}
      {decl && (
        <dl class="kv small">
          <Entry term={t('residence_region')}>{decl.residence_region}</Entry>
          <Entry term={t('temperature')}>{decl.temperature}</Entry>
          <Entry term={t('symptoms')}>{(decl.symptoms ?? []).map((s: string) => tMaybe(`sym_${s}`) ?? s).join('、') || t('none')}</Entry>
          <Entry term={t('travel')}>{(decl.travel ?? []).map((x: { region: string; from: string; to: string }) => `${x.region} ${x.from}–${x.to}`).join('；') || t('none')}</Entry>
          <Entry term={t('contact_with_case')}>{decl.contact_with_case ? t('yes') : t('no')}</Entry>
        </dl>
      )}
      <TextArea label={t('rv_reason')} value={reason} onInput={setReason} rows={2} error={touched && !reason.trim() ? t('rv_err_reason') : undefined} />
      <div class="actions">
        <Button onClick={() => decide('approve')} busy={busy === 'approve'} disabled={!!busy}>
          {t('rv_approve')}
        </Button>
        <Select
          label={t('rv_override')}
          value={colour}
          onChange={(c) => {
            setColour(c);
            setConfirming(false);
          }}
          options={(['green', 'yellow', 'red'] as const).map((c) => [c, colourWord(c)])}
        />
        <Button kind="secondary" onClick={askOverride} disabled={!!busy || confirming}>
          {t('rv_override')} {colourWord(colour)}
        </Button>
      </div>
      {confirming && (
        <section class="card impact" role="region" aria-label={t('im_title')} data-testid="override-confirm">
          <p>{t('rv_confirm_text', { name: person.masked_name, from: colourWord(item.colour), to: colourWord(colour) })}</p>
          <div class="actions">
            <Button kind="danger" busy={busy === 'override'} onClick={() => decide('override')}>
              {t('rv_confirm_override', { colour: colourWord(colour) })}
            </Button>
            <Button kind="secondary" onClick={() => setConfirming(false)} disabled={!!busy}>
              {t('im_back')}
            </Button>
          </div>
        </section>
      )}
      <ErrorNotice error={error} />
    </li>
  );
}
