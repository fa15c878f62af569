// The applicant's rating of a finished case (好差评, GB/T 39734): five levels on the online
// dimensions with an optional comment, once; afterwards the rating and, for a bad one, the
// department's answer. Opened from the inbox invitation or a closed case: /hall/rating?case=<no>.
import { useState } from 'preact/hooks';
import { ApiError, fieldError, get, post } from '../../api';
import { fmtDateTime } from '../../format';
import { t, useLang } from '../../i18n';
import { useLocation } from '../../router';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Loading } from '../../components/feedback/Loading';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import { DIMENSIONS, LEVELS, type Dimension, type Level, dimensionWord, levelWord, taskStateWord } from './levels';

function LevelChoice({ dim, value, onChange, error }: { dim: Dimension; value?: Level; onChange: (l: Level) => void; error?: string }) {
  return (
    <fieldset class={`field rating-dim${error ? ' has-error' : ''}`} data-dim={dim}>
      <legend>
        {dimensionWord(dim)}
        {dim === 'overall' ? ' *' : ''}
      </legend>
      {LEVELS.map((l) => (
        <label key={l} class="radio">
          <input type="radio" name={`level-${dim}`} value={l} checked={value === l} onChange={() => onChange(l)} /> {levelWord(l)}
        </label>
      ))}
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}

export function HallRating() {
  useLang();
  const loc = useLocation();
  const ref = loc.query.get('case') ?? '';
  const [levels, setLevels] = useState<Partial<Record<Dimension, Level>>>({});
  const [comment, setComment] = useState('');
  const act = useAction();
  const q = useLoad(async () => {
    try {
      return await get('/api/v1/hall/applications/{ref}/rating', { params: { ref } });
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null; // not rated yet
      throw e;
    }
  }, [ref]);
  const r = q.data;
  return (
    <Page title={t('hr_rate_title')} intro={t('hr_rate_intro', { n: ref })}>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && r && (
        <div class="card rating-done">
          <p>
            <strong>{t('hr_your_rating')}</strong> · {fmtDateTime(r.rated_at)}
          </p>
          <ul>
            {DIMENSIONS.filter((d) => r.levels[d]).map((d) => (
              <li key={d} data-dim={d}>
                {dimensionWord(d)}: {levelWord(r.levels[d]!)}
              </li>
            ))}
          </ul>
          {r.comment && <p>{r.comment}</p>}
          {r.rectification && (
            <div class="rectification" data-state={r.rectification.state}>
              <p>
                {t('hr_task_state')}: {taskStateWord(r.rectification.state)} · {t('hr_due', { due: r.rectification.due })}
              </p>
              {r.rectification.response ? (
                <p class="response">
                  <strong>{t('hr_response')}:</strong> {r.rectification.response}
                </p>
              ) : (
                <p class="muted">{t('hr_waiting_response')}</p>
              )}
            </div>
          )}
        </div>
      )}
      {!q.loading && !q.error && r === null && (
        <form
          class="form"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            await act.run(async () => {
              const body: { levels: Record<string, Level>; comment?: string } = { levels: levels as Record<string, Level> };
              if (comment.trim()) body.comment = comment.trim();
              await post('/api/v1/hall/applications/{ref}/rating', { params: { ref }, body: body as any });
              q.reload();
            });
          }}
        >
          <ErrorNotice error={act.error} />
          {DIMENSIONS.map((d) => (
            <LevelChoice key={d} dim={d} value={levels[d]} onChange={(l) => setLevels({ ...levels, [d]: l })} error={fieldError(act.error, `levels.${d}`)} />
          ))}
          <TextArea label={t('hr_comment')} hint={t('hr_comment_hint')} name="comment" value={comment} onInput={setComment} rows={3} error={fieldError(act.error, 'comment')} />
          <Button type="submit" busy={act.busy} disabled={!levels.overall}>
            {t('hr_submit')}
          </Button>
        </form>
      )}
    </Page>
  );
}
