import { useState } from 'preact/hooks';
import { get, post, type ItemOf } from '../../api';
import { fmtDateTime } from '../../format';
import { t } from '../../i18n';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { ActionNotices, ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Field } from '../../components/form/Field';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';

/** Issuer-key rotation and cross-region trust lists (跨地区互认). */
export function TrustAdmin() {
  const q = useLoad(() => get('/api/v1/admin/trust-lists'));
  const [list, setList] = useState('');
  const [root, setRoot] = useState('');
  const action = useAction();
  const imports: ItemOf<'/api/v1/admin/trust-lists', 'trust_lists'>[] = q.data?.trust_lists ?? [];
  const run = (what: string, fn: () => Promise<string>) =>
    action.run(async () => {
      const m = await fn();
      q.reload();
      return m;
    }, what);
  return (
    <>
      <h2>{t('ad_keys_title')}</h2>
      <ActionNotices action={action} />
      <div class="card form">
        <p class="muted">{t('ad_keys_intro')}</p>
        <Button kind="secondary" busy={action.running === 'rotate'} onClick={() => run('rotate', async () => t('ad_keys_rotated', { kid: (await post('/api/v1/admin/issuer-keys/rotate')).active?.kid ?? '' }))}>
          {t('ad_keys_rotate')}
        </Button>
        <p>
          <a href="/api/v1/trust-list" download="trust-list.json">
            {t('ad_trust_download')}
          </a>
        </p>
      </div>
      <form
        class="card form"
        onSubmit={(e) => {
          e.preventDefault();
          void run('import', async () => {
            const r = await post('/api/v1/admin/trust-lists', { body: { trust_list: list.trim(), root_public_key: root.trim() } });
            return t('ad_trust_imported', { region: r.region, n: r.keys });
          });
        }}
      >
        <h3>{t('ad_trust_import')}</h3>
        <TextArea label={t('ad_trust_json')} value={list} onInput={setList} rows={4} />
        <Field label={t('ad_trust_root')} value={root} onInput={setRoot} />
        <Button type="submit" busy={action.running === 'import'} disabled={!list.trim() || !root.trim()}>
          {t('ad_trust_import')}
        </Button>
      </form>
      <ErrorNotice error={q.error} />
      {imports.length > 0 && (
        <DataTable headers={[t('ra_region'), t('ad_trust_keys'), t('ad_trust_when')]}>
          {imports.map((r) => (
            <tr key={r.region}>
              <td>{r.region}</td>
              <td>{r.keys}</td>
              <td>{fmtDateTime(r.imported_at)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
