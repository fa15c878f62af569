// One community task (社区任务) and the form that marks it done.
import { useState } from 'preact/hooks';
import { post } from '../../api';
import { fmtDateTime } from '../../format';
import { t, tMaybe, useLang } from '../../i18n';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';
import type { ResponseOf } from '../../api';
import type { Task } from './types';

type Contact = ResponseOf<'/api/v1/tasks/{id}/contact', 'post'>;

export function TaskItem({ task, onDone }: { task: Task; onDone: (t: Task) => void }) {
  const lang = useLang();
  const [note, setNote] = useState('');
  const markDone = useAction();
  const reveal = useAction();
  const [contact, setContact] = useState<Contact>();
  const done = task.status === 'done';
  const reason = lang === 'zh-CN' ? task.reason_zh || task.reason_en : task.reason_en || task.reason_zh;
  return (
    <li class={`card task task-${task.status}`} data-task={task.task_id}>
      <p>
        <strong class="tag">{tMaybe(`tk_kind_${task.kind}`) ?? task.kind}</strong> <strong>{task.masked_name}</strong> <span class="muted small">{task.region}</span>{' '}
        <span class={`pill ${done ? 'pill-on' : 'pill-off'}`}>
          <span aria-hidden="true">{done ? '✓ ' : '○ '}</span>
          {done ? t('tk_closed') : t('tk_open')}
        </span>
      </p>
      <p>{reason}</p>
      <p class="muted small">
        {t('tk_created')} {fmtDateTime(task.created_at)}
        {task.source && ` · ${t('tk_source')}${tMaybe(`tk_source_${task.source.split(':')[0]}`) ?? task.source}`}
        {task.done_at && ` · ${t('tk_done_at')} ${fmtDateTime(task.done_at)}`}
      </p>
      {done ? (
        task.note && (
          <p>
            <span class="muted">{t('tk_note')}：</span>
            {task.note}
          </p>
        )
      ) : (
        <>
        <div class="task-contact">
          {contact ? (
            contact.phone || contact.address ? (
              <dl class="kv" data-testid="task-contact">
                {contact.phone && (
                  <div>
                    <dt>{t('tk_phone')}</dt>
                    <dd>
                      <a href={`tel:${contact.phone}`}>{contact.phone}</a>
                    </dd>
                  </div>
                )}
                {contact.address && (
                  <div>
                    <dt>{t('tk_address')}</dt>
                    <dd>{contact.address}</dd>
                  </div>
                )}
              </dl>
            ) : (
              <p class="muted" data-testid="task-contact">{t('tk_no_contact')}</p>
            )
          ) : (
            <>
              <Button kind="secondary" busy={reveal.busy} onClick={() => reveal.run(async () => setContact(await post('/api/v1/tasks/{id}/contact', { params: { id: task.task_id } })))}>
                {t('tk_reveal')}
              </Button>
              <p class="muted small">{t('tk_reveal_hint')}</p>
            </>
          )}
          <ErrorNotice error={reveal.error} />
        </div>
        <form
          class="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            await markDone.run(async () => onDone(await post('/api/v1/tasks/{id}/done', { params: { id: task.task_id }, body: { note: note.trim() } })));
          }}
        >
          <TextArea label={t('tk_note')} name="note" value={note} onInput={setNote} rows={2} hint={t('tk_note_hint')} />
          <Button type="submit" busy={markDone.busy}>
            {t('tk_done')}
          </Button>
          <ErrorNotice error={markDone.error} />
        </form>
        </>
      )}
    </li>
  );
}
