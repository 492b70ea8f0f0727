/** 一企一清单: templates, the enterprise's lists, confirmation and self-checks (docs/dual-prevention.md, "Checklists"). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { ChecklistItem, ChecklistTemplate, EnterpriseChecklist, SelfCheck } from "../../api/types";

const enc = encodeURIComponent;
const items = <T>(r: { items: T[] } | T[]) => (Array.isArray(r) ? r : (r?.items ?? []));

export const checklistKeys = {
  templates: ["checklist-templates"] as const,
  list: (enterpriseId: string) => ["checklists", enterpriseId] as const,
  one: (id: string) => ["checklist", id] as const,
  selfChecks: (id: string) => ["checklist", id, "self-checks"] as const,
};

export function useTemplates(enterpriseId?: string) {
  return useQuery({
    queryKey: [...checklistKeys.templates, enterpriseId ?? ""],
    queryFn: async () => items(await api.get<{ items: ChecklistTemplate[] } | ChecklistTemplate[]>("/api/checklist-templates", { enterpriseId })),
    staleTime: 60_000,
  });
}

export function useChecklists(enterpriseId: string) {
  return useQuery({
    queryKey: checklistKeys.list(enterpriseId),
    queryFn: async () => items(await api.get<{ items: EnterpriseChecklist[] } | EnterpriseChecklist[]>(`/api/enterprises/${enc(enterpriseId)}/checklists`)),
    enabled: !!enterpriseId,
  });
}

export function useChecklist(id: string) {
  return useQuery({ queryKey: checklistKeys.one(id), queryFn: () => api.get<EnterpriseChecklist>(`/api/checklists/${enc(id)}`), enabled: !!id });
}

export function useSelfChecks(id: string) {
  return useQuery({
    queryKey: checklistKeys.selfChecks(id),
    queryFn: async () => items(await api.get<{ items: SelfCheck[] } | SelfCheck[]>(`/api/checklists/${enc(id)}/self-checks`)),
    enabled: !!id,
  });
}

export interface SelfCheckBody {
  results: { itemId: string; result: "pass" | "fail" | "na"; note: string; evidenceIds: string[] }[];
}

export function useChecklistWrites(enterpriseId: string) {
  const qc = useQueryClient();
  const refresh = (id?: string) => {
    void qc.invalidateQueries({ queryKey: checklistKeys.list(enterpriseId) });
    if (id) void qc.invalidateQueries({ queryKey: ["checklist", id] });
  };
  return {
    createTemplate: useMutation({
      mutationFn: (body: { name: string; basis: string; items: ChecklistItem[] }) =>
        api.post<ChecklistTemplate>("/api/checklist-templates", { ...body, enterpriseId }),
      onSuccess: () => void qc.invalidateQueries({ queryKey: checklistKeys.templates }),
    }),
    create: useMutation({
      mutationFn: (body: { name: string; templateIds: string[]; extraItems: ChecklistItem[] }) =>
        api.post<EnterpriseChecklist>(`/api/enterprises/${enc(enterpriseId)}/checklists`, body),
      onSuccess: () => refresh(),
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: { name?: string; items?: ChecklistItem[]; expectedVersion?: number } }) =>
        api.patch<EnterpriseChecklist>(`/api/checklists/${enc(id)}`, body),
      onSuccess: (_d, v) => refresh(v.id),
    }),
    submit: useMutation({
      mutationFn: ({ id, expectedVersion }: { id: string; expectedVersion: number }) => api.post(`/api/checklists/${enc(id)}/submit`, { expectedVersion }),
      onSuccess: (_d, v) => refresh(v.id),
    }),
    confirm: useMutation({
      mutationFn: ({ id, comment, expectedVersion }: { id: string; comment: string; expectedVersion: number }) =>
        api.post(`/api/checklists/${enc(id)}/confirm`, { comment, expectedVersion }),
      onSuccess: (_d, v) => refresh(v.id),
    }),
    selfCheck: useMutation({
      mutationFn: ({ id, body }: { id: string; body: SelfCheckBody }) => api.post<SelfCheck>(`/api/checklists/${enc(id)}/self-checks`, body),
      onSuccess: (_d, v) => {
        refresh(v.id);
        void qc.invalidateQueries({ queryKey: ["hazards"] });
      },
    }),
  };
}
