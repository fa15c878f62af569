// A department's rectification tasks for bad ratings (核实 → 整改 → 反馈): each with the
// rating, its deadline (overdue marked), its steps, and the next step with a note; the last
// note is the answer the applicant sees.
import { useState } from 'preact/hooks';
import { get, post, type ItemOf } from '../../api';
import { fmtDateTime } from '../../format';
import { t, useLang, type MsgKey } from '../../i18n';
import { Button } from '../../components/Button';
import { Page } from '../../components/Page';
import { ErrorNotice } from '../../components/feedback/ErrorNotice';
import { Empty, Loading } from '../../components/feedback/Loading';
import { TextArea } from '../../components/form/TextArea';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import { DIMENSIONS, dimensionWord, levelWord, taskStateWord } from './levels';

type Task = ItemOf<'/api/v1/hall/rectifications', 'rectifications'>;
const NEXT: Record<string, 'verify' | 'rectify' | 'respond' | undefined> = { verify: 'verify', rectify: 'rectify', feedback: 'respond' };

function TaskCard({ task, onDone }: { task: Task; onDone: () => void }) {
  const [note, setNote] = useState('');
  const act = useAction();
  const next = NEXT[task.state];
  return (
    <li class={`card rectification${task.overdue ? ' overdue' : ''}`} data-id={task.id} data-state={task.state}>
      <p class="muted small">
        <span class="tag">{taskStateWord(task.state)}</span>
        {task.overdue && <strong class="tag tag-overdue"> {t('dd_overdue')}</strong>} {t('hr_due', { due: task.due })}
      </p>
      <h2 class="h3">
        {t('hr_case')} {task.case_number} · {task.item}
      </h2>
      <ul class="small">
        {DIMENSIONS.filter((d) => task.levels?.[d]).map((d) => (
          <li key={d}>
            {dimensionWord(d)}: {levelWord(task.levels![d]!)}
          </li>
        ))}
      </ul>
      {task.comment && <p>“{task.comment}”</p>}
      {!!task.steps?.length && (
        <ol class="steps small">
          {task.steps.map((s, i) => (
            <li key={i}>
              {fmtDateTime(s.at)} · {t(`hr_action_${s.action}` as MsgKey)} · {s.actor}: {s.note}
            </li>
          ))}
        </ol>
      )}
      {next && (
        <form
          class="form"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            await act.run(async () => {
              await post('/api/v1/hall/rectifications/{id}/actions', { params: { id: task.id }, body: { action: next, note: note.trim() } });
              setNote('');
              onDone();
            });
          }}
        >
          <ErrorNotice error={act.error} />
          <TextArea label={t(`hr_note_${next}` as MsgKey)} name="note" value={note} onInput={setNote} rows={3} />
          <Button type="submit" busy={act.busy} disabled={!note.trim()}>
            {t(`hr_action_${next}` as MsgKey)}
          </Button>
        </form>
      )}
    </li>
  );
}

export function HallRectifications() {
  useLang();
  const q = useLoad(() => get('/api/v1/hall/rectifications'), []);
  const rows: Task[] = q.data?.rectifications ?? [];
  return (
    <Page title={t('hr_tasks_title')} intro={t('hr_tasks_intro')}>
      {q.loading && <Loading />}
      <ErrorNotice error={q.error} />
      {!q.loading && !q.error && !rows.length && <Empty />}
      <ul class="cards">
        {rows.map((task) => (
          <TaskCard key={task.id} task={task} onDone={q.reload} />
        ))}
      </ul>
    </Page>
  );
}
