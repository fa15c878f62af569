// The citizen's data-use record (我的数据使用记录): who used their data — officials, relying
// platforms by single sign-on, department systems through the exchange — newest first, with a
// channel filter, CSV export, and a dispute of one use with a reason.
import { useState } from 'preact/hooks';
import { fieldError, get, post, qs, type ItemOf } from '../../api';
import { fmtDateTime } from '../../format';
import { t, tMaybe, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { Notice } from '../../components/feedback/Notice';
import { Select } from '../../components/form/Select';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

type Use = ItemOf<'/api/v1/me/data-uses', 'uses'>;
type Channel = '' | 'official' | 'exchange' | 'sso';

function DisputeForm({ use, onDone }: { use: Use; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const act = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    await act.run(async () => {
      await post('/api/v1/me/data-uses/{id}/dispute', { params: { id: use.id }, body: { reason: reason.trim() } });
      onDone();
    });
  };
  return (
    <form class="form dispute-form" onSubmit={submit} noValidate>
      <ErrorNotice error={act.error} />
      <TextArea label={t('du_dispute_reason')} name="reason" value={reason} onInput={setReason} rows={3} error={fieldError(act.error, 'reason')} />
      <Button type="submit" busy={act.busy} disabled={!reason.trim()}>
        {t('du_dispute_submit')}
      </Button>
    </form>
  );
}

function UseCard({ use, onChanged }: { use: Use; onChanged: () => void }) {
  const [open, setOpen] = useState(false);
  const d = use.dispute;
  return (
    <li class="card data-use" data-channel={use.channel} data-id={use.id}>
      <p class="muted small">
        <span class="tag">{tMaybe(`du_channel_${use.channel}`) ?? use.channel}</span> {fmtDateTime(use.at)}
      </p>
      <h2 class="h3 du-who">{use.who}</h2>
      <dl class="facts">
        {use.unit && (
          <>
            <dt>{t('du_unit')}</dt>
            <dd>{use.unit}</dd>
          </>
        )}
        <dt>{t('du_purpose')}</dt>
        <dd>{use.purpose || t('none')}</dd>
        <dt>{t('du_fields')}</dt>
        <dd>{use.fields || t('none')}</dd>
      </dl>
      {d ? (
        <div class="dispute-status">
          <p>
            <strong class="tag">{d.status === 'answered' ? t('du_dispute_answered') : t('du_dispute_open')}</strong> {t('du_dispute_due', { due: fmtDateTime(d.due_at) })}
          </p>
          {d.response && <p class="du-response">{t('du_dispute_response')}: {d.response}</p>}
        </div>
      ) : open ? (
        <DisputeForm
          use={use}
          onDone={() => {
            setOpen(false);
            onChanged();
          }}
        />
      ) : (
        <Button kind="secondary" onClick={() => setOpen(true)}>
          {t('du_dispute')}
        </Button>
      )}
    </li>
  );
}

export function DataUses() {
  useLang();
  const [channel, setChannel] = useState<Channel>('');
  const q = useLoad(() => get('/api/v1/me/data-uses', { query: channel ? { channel } : {} }), [channel]);
  const rows: Use[] = q.data?.uses ?? [];
  const csv = '/api/v1/me/data-uses' + qs({ format: 'csv', channel: channel || undefined });
  return (
    <Page title={t('du_title')} intro={t('du_intro')}>
      <div class="section-head">
        <Select<Channel>
          label={t('du_channel')}
          name="channel"
          value={channel}
          onChange={setChannel}
          options={[
            ['', t('du_channel_all')],
            ['official', t('du_channel_official')],
            ['sso', t('du_channel_sso')],
            ['exchange', t('du_channel_exchange')],
          ]}
        />
        <a class="btn btn-secondary" href={csv} download="data-uses.csv">
          {t('du_export')}
        </a>
      </div>
      {q.data && !q.data.exchange_available && <Notice kind="info">{t('du_exchange_unavailable')}</Notice>}
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && !rows.length && <Empty />}
      <ul class="cards">
        {rows.map((u) => (
          <UseCard key={u.id} use={u} onChanged={q.reload} />
        ))}
      </ul>
    </Page>
  );
}
