/**
 * The year settings API for the web: query keys and typed hooks (shapes and input from core/schemas/settings.ts).
 * The limits and targets move the workbench and every evaluation figure.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { GradingSave, SettingsForYear, SettingsSave } from '../../../../core/schemas/settings.ts';
import { api } from '../../app/api.ts';
import { withSuccess, type MutationOptions } from '../../app/data.ts';
import { evaluationKeys } from '../evaluation/api.ts';
import { workbenchKeys } from '../workbench/api.ts';

export const settingsKeys = {
  all: ['settings'] as const,
  year: (year: number) => [...settingsKeys.all, year] as const,
};

export function useSettings(year: number) {
  return useQuery({ queryKey: settingsKeys.year(year), queryFn: () => api.get<SettingsForYear>(`/settings/${year}`) });
}

/** PUT a year's settings; the answer is what the year now has. */
export function useSaveSettings(year: number, opts?: MutationOptions<SettingsForYear, z.input<typeof SettingsSave>>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, (r) => {
      qc.setQueryData(settingsKeys.year(year), r);
      // later years without their own row inherit this one
      return Promise.all([settingsKeys.all, workbenchKeys.all, evaluationKeys.all].map((queryKey) => qc.invalidateQueries({ queryKey })));
    }),
    mutationFn: (body) => api.put<SettingsForYear>(`/settings/${year}`, body),
  });
}

/** PUT a year's grading rules only (the town office may); the answer is the year's settings. */
export function useSaveGrading(year: number, opts?: MutationOptions<SettingsForYear, z.input<typeof GradingSave>>) {
  const qc = useQueryClient();
  return useMutation({
    ...withSuccess(opts, (r) => {
      qc.setQueryData(settingsKeys.year(year), r);
      return qc.invalidateQueries({ queryKey: settingsKeys.all });
    }),
    mutationFn: (body) => api.put<SettingsForYear>(`/settings/${year}/grading`, body),
  });
}
