// Administration: exchange member subsystems and their signing keys (register a member, add or
// rotate a key with an overlap window, retire a key).
import { useState } from 'preact/hooks';
import { get, post } from '../../api';
import { fmtDateTime } from '../../format';
import { t, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { Page } from '../../components/Page';
import { ActionNotices } from '../../components/feedback/ErrorNotice';
import { LoadStatus } from '../../components/feedback/Loading';
import { Field } from '../../components/form/Field';
import { Select } from '../../components/form/Select';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import type { XrKey, XrMember } from './types';

type Mode = 'add' | 'rotate';

export function ExchangeMembers() {
  useLang();
  const q = useLoad(() => get('/api/v1/admin/exchange/members'));
  const members: XrMember[] = q.data?.members ?? [];

  const [id, setId] = useState('');
  const [nameZh, setNameZh] = useState('');
  const [nameEn, setNameEn] = useState('');
  const addMember = useAction();
  const submitMember = async (e: Event) => {
    e.preventDefault();
    await addMember.run(async () => {
      await post('/api/v1/admin/exchange/members', { body: { id: id.trim(), name_zh: nameZh.trim(), name_en: nameEn.trim() } });
      setId('');
      setNameZh('');
      setNameEn('');
      q.reload();
      return t('xr_member_added');
    });
  };

  const [member, setMember] = useState('');
  const [keyId, setKeyId] = useState('');
  const [publicKey, setPublicKey] = useState('');
  const [mode, setMode] = useState<Mode>('add');
  const [overlap, setOverlap] = useState('86400');
  const keyAction = useAction();
  const chosen = member || members[0]?.id || '';
  const submitKey = async (e: Event) => {
    e.preventDefault();
    await keyAction.run(async () => {
      const base = { member: chosen, key_id: keyId.trim(), public_key: publicKey.trim() };
      if (mode === 'rotate') await post('/api/v1/admin/exchange/keys/rotate', { body: { ...base, overlap_seconds: Number(overlap) || 0 } });
      else await post('/api/v1/admin/exchange/keys', { body: base });
      setKeyId('');
      setPublicKey('');
      q.reload();
      return t('xr_key_saved');
    });
  };

  const retire = useAction();
  const retireKey = (m: XrMember, k: XrKey) =>
    retire.run(async () => {
      await post('/api/v1/admin/exchange/keys/retire', { body: { member: m.id, key_id: k.key_id } });
      q.reload();
      return t('xr_key_retired');
    });

  return (
    <Page title={t('xr_members_title')}>
      <form class="card form" onSubmit={submitMember} noValidate>
        <h2 class="h3">{t('xr_member_add')}</h2>
        <ActionNotices action={addMember} />
        <Field name="member_id" label={t('xr_member_id')} hint={t('xr_member_id_hint')} value={id} onInput={setId} />
        <Field name="name_zh" label={t('xr_name_zh')} value={nameZh} onInput={setNameZh} />
        <Field name="name_en" label={t('xr_name_en')} value={nameEn} onInput={setNameEn} optional />
        <Button type="submit" busy={addMember.busy}>
          {t('xr_member_add')}
        </Button>
      </form>

      {members.length > 0 && (
        <form class="card form" onSubmit={submitKey} noValidate>
          <h2 class="h3">{t('xr_key_add')}</h2>
          <ActionNotices action={keyAction} />
          <Select name="key_member" label={t('xr_key_member')} value={chosen} onChange={setMember} options={members.map((m) => [m.id, `${m.name_zh} (${m.id})`])} />
          <Field name="key_id" label={t('xr_key_id')} value={keyId} onInput={setKeyId} />
          <Field name="public_key" label={t('xr_public_key')} value={publicKey} onInput={setPublicKey} spellcheck={false} />
          <Select<Mode>
            name="key_mode"
            label={t('xr_key_mode')}
            value={mode}
            onChange={setMode}
            options={[
              ['add', t('xr_key_mode_add')],
              ['rotate', t('xr_key_mode_rotate')],
            ]}
          />
          {mode === 'rotate' && <Field name="overlap" label={t('xr_overlap')} value={overlap} onInput={setOverlap} inputMode="numeric" />}
          <Button type="submit" busy={keyAction.busy}>
            {t('save')}
          </Button>
        </form>
      )}

      <ActionNotices action={retire} />
      <LoadStatus q={q} empty={!members.length} />
      <ul class="cards">
        {members.map((m) => (
          <li class="card" key={m.id} data-member={m.id}>
            <h2 class="h3">
              {m.name_zh} {m.disabled && <span class="muted">（{t('xr_disabled')}）</span>}
            </h2>
            <p class="muted small">
              <code>{m.id}</code> · {m.name_en} · {fmtDateTime(m.created_at)}
            </p>
            {m.keys.length === 0 ? (
              <p class="muted">{t('xr_no_keys')}</p>
            ) : (
              <DataTable caption={t('xr_keys')} headers={[t('xr_key_id'), t('xr_not_before'), t('xr_not_after'), t('xr_valid_now'), <span class="sr-only">{t('xr_key_retire')}</span>]}>
                {m.keys.map((k) => (
                  <tr key={k.key_id}>
                    <td>
                      <code>{k.key_id}</code>
                    </td>
                    <td>{fmtDateTime(k.not_before)}</td>
                    <td>{k.not_after ? fmtDateTime(k.not_after) : t('xr_no_end')}</td>
                    <td>{k.valid_now ? t('xr_valid_now') : t('xr_not_valid')}</td>
                    <td>
                      {k.valid_now && (
                        <Button kind="link" onClick={() => retireKey(m, k)} aria-label={`${t('xr_key_retire')} ${k.key_id}`}>
                          {t('xr_key_retire')}
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}
