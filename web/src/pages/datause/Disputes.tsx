// Administration: disputed data uses (数据使用异议) — the queue by deadline with overdue ones
// marked, and the answer, which goes to the citizen's record and inbox.
import { useState } from 'preact/hooks';
import { get, post, type ItemOf } from '../../api';
import { fmtDateTime } from '../../format';
import { t, tMaybe, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { Select } from '../../components/form/Select';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

type Dispute = ItemOf<'/api/v1/admin/data-use-disputes', 'disputes'>;
type Status = 'open' | 'answered' | 'all';

function DisputeCard({ d, onDone }: { d: Dispute; onDone: () => void }) {
  const [text, setText] = useState('');
  const act = useAction();
  return (
    <li class={`card dispute${d.overdue ? ' overdue' : ''}`} data-id={d.id}>
      <p class="muted small">
        <span class="tag">{d.status === 'answered' ? t('du_dispute_answered') : t('du_dispute_open')}</span>
        {d.overdue && <strong class="tag tag-overdue"> {t('dd_overdue')}</strong>} {t('du_dispute_due', { due: fmtDateTime(d.due_at) })}
      </p>
      <h2 class="h3">
        {d.citizen} · {tMaybe(`du_channel_${d.use.channel}`) ?? d.use.channel} · {d.use.who}
      </h2>
      <p class="muted">
        {fmtDateTime(d.use.at)} · {d.use.unit} · {d.use.purpose} · {d.use.fields}
      </p>
      <p>
        {t('du_dispute_reason')}: {d.reason}
      </p>
      {d.response ? (
        <p>
          {t('du_dispute_response')}: {d.response}
        </p>
      ) : (
        <form
          class="form"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            await act.run(async () => {
              await post('/api/v1/admin/data-use-disputes/{id}/response', { params: { id: d.id }, body: { response: text.trim() } });
              onDone();
            });
          }}
        >
          <ErrorNotice error={act.error} />
          <TextArea label={t('dd_response')} name="response" value={text} onInput={setText} rows={3} />
          <Button type="submit" busy={act.busy} disabled={!text.trim()}>
            {t('dd_respond')}
          </Button>
        </form>
      )}
    </li>
  );
}

export function AdminDisputes() {
  useLang();
  const [status, setStatus] = useState<Status>('open');
  const q = useLoad(() => get('/api/v1/admin/data-use-disputes', { query: { status } }), [status]);
  const rows: Dispute[] = q.data?.disputes ?? [];
  return (
    <Page title={t('dd_title')} intro={t('dd_intro')}>
      <div class="section-head">
        <Select<Status>
          label={t('dd_status')}
          name="status"
          value={status}
          onChange={setStatus}
          options={[
            ['open', t('du_dispute_open')],
            ['answered', t('du_dispute_answered')],
            ['all', t('du_channel_all')],
          ]}
        />
        {q.data && <p class="dd-overdue-count">{t('dd_overdue_count', { n: q.data.overdue })}</p>}
      </div>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && !rows.length && <Empty />}
      <ul class="cards">
        {rows.map((d) => (
          <DisputeCard key={d.id} d={d} onDone={q.reload} />
        ))}
      </ul>
    </Page>
  );
}
