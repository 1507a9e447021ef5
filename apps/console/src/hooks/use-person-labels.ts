/** Label of each person for the overlay: member name from the roster, exercise/reps/last form warning from live events. */
import { useCallback } from 'react';
import { useLive } from './use-live.tsx';
import { useRoster } from './use-console-data.ts';
import type { PersonLabel } from '../components/live/overlay-draw.ts';

const WARNING_SHOWN_MS = 8000;

export function usePersonLabels(): (personId: string) => PersonLabel {
  const { activity } = useLive();
  const roster = useRoster();
  const rows = roster.data;
  return useCallback(
    (personId: string) => {
      const r = rows?.find((x) => x.personId === personId);
      const a = activity.get(personId);
      const warn = a?.warning && Date.now() - a.warning.at < WARNING_SHOWN_MS && a.warning.severity !== 'info' ? a.warning.message : null;
      return { name: r?.displayName ?? null, exercise: a?.exercise ?? r?.exercise ?? null, reps: a?.reps ?? r?.reps ?? null, warning: warn };
    },
    [rows, activity],
  );
}
