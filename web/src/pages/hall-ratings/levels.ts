// The GB/T 39734 rating levels and online dimensions, with their words.
import { t, type MsgKey } from '../../i18n';

export const LEVELS = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const;
export type Level = (typeof LEVELS)[number];
export const DIMENSIONS = ['overall', 'efficiency', 'guide_accuracy', 'convenience', 'usability'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const levelWord = (l: string) => t(`hr_level_${l}` as MsgKey);
export const dimensionWord = (d: string) => t(`hr_dim_${d}` as MsgKey);
export const taskStateWord = (s: string) => t(`hr_task_${s}` as MsgKey);
