/**
 * The one check a run config passes before it is queued (runs.start, runs.validate, sweeps, and so
 * the CLI): the model must fit the dataset's samples (the kind's planner), and the settings must
 * suit the model kind and the dataset (runConfigProblems, which the run form also uses).
 */
import type { ArchitectureSummary } from '../../shared/api.js';
import type { RunConfig } from '../../shared/config.js';
import type { DatasetInfo } from '../../shared/datasets.js';
import { RunConfigError, runConfigProblems } from '../../shared/kinds/check-run-config.js';
import { ReasonError } from '../../shared/reasons.js';
import { summarizeArchitecture } from '../engine/architecture.js';

/** Throws (an ArchitectureError, or a RunConfigError naming every problem) unless `config` can run on `dataset`; returns the model's summary. */
export function checkRunConfig(config: RunConfig, dataset: DatasetInfo): ArchitectureSummary {
  // Fails first when the architecture cannot fit the data (e.g. conv on 1-D data).
  const architecture = summarizeArchitecture(config.model, dataset.sampleShape);
  const problems = runConfigProblems(config, dataset);
  if (problems.length > 0) throw new RunConfigError(problems);
  return architecture;
}

/** The refusal of a run on a dataset that is not downloaded or imported. */
export const datasetUnavailable = (datasetId: string, howToGet: string | null | undefined): ReasonError =>
  new ReasonError(`dataset ${datasetId} is not available: ${howToGet ?? 'import it first'}`, [{ code: 'datasetUnavailable', params: { dataset: datasetId } }]);
