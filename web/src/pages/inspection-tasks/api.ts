/** Inspection tasks and their instances (docs/dual-prevention.md, "Inspections"). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { InspectionInstance, InspectionTask } from "../../api/types";

const enc = encodeURIComponent;
const items = <T>(r: { items: T[] } | T[]) => (Array.isArray(r) ? r : (r?.items ?? []));

export const taskKeys = {
  tasks: (enterpriseId: string) => ["inspection-tasks", enterpriseId, "tasks"] as const,
  instances: (enterpriseId: string, q: { date: string; status?: string }) => ["inspection-tasks", enterpriseId, "instances", q] as const,
};

export function useInspectionTasks(enterpriseId: string) {
  return useQuery({
    queryKey: taskKeys.tasks(enterpriseId),
    queryFn: async () => items(await api.get<{ items: InspectionTask[] } | InspectionTask[]>(`/api/enterprises/${enc(enterpriseId)}/inspection-tasks`)),
    enabled: !!enterpriseId,
  });
}

export function useInspectionInstances(enterpriseId: string, q: { date: string; status?: string }) {
  return useQuery({
    queryKey: taskKeys.instances(enterpriseId, q),
    queryFn: async () =>
      items(await api.get<{ items: InspectionInstance[] } | InspectionInstance[]>(`/api/enterprises/${enc(enterpriseId)}/inspection-instances`, q)),
    enabled: !!enterpriseId,
    placeholderData: keepPreviousData,
  });
}

export interface TaskBody {
  content: string;
  cycle: number;
  cycleUnit: string;
  workDayType: number;
  workStart: string | null;
  workEnd: string | null;
  workType: number;
  taskNum: number | null;
  assigneeUserId: string | null;
  assigneePost: string;
  startAt: string;
}

export function useTaskWrite(enterpriseId: string) {
  const qc = useQueryClient();
  const onSuccess = () => void qc.invalidateQueries({ queryKey: ["inspection-tasks", enterpriseId] });
  return {
    create: useMutation({
      mutationFn: ({ measureId, body }: { measureId: string; body: TaskBody }) => api.post(`/api/control-measures/${enc(measureId)}/tasks`, body),
      onSuccess,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: Partial<TaskBody> & { active?: boolean; expectedVersion?: number } }) =>
        api.patch(`/api/inspection-tasks/${enc(id)}`, body),
      onSuccess,
    }),
    remove: useMutation({ mutationFn: (id: string) => api.del(`/api/inspection-tasks/${enc(id)}`), onSuccess }),
  };
}
