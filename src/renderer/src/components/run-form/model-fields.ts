/**
 * The form fields of each model kind: the renderer's side of the model-kind registry. A kind
 * without its fields component does not compile.
 */
import type { Component } from 'vue';
import type { ModelKind } from '../../../../shared/config.js';
import ConvModelFields from './ConvModelFields.vue';
import DenseModelFields from './DenseModelFields.vue';
import GanModelFields from './GanModelFields.vue';
import VaeModelFields from './VaeModelFields.vue';

export const MODEL_FIELDS: Readonly<Record<ModelKind, Component>> = {
  dense: DenseModelFields,
  conv: ConvModelFields,
  vae: VaeModelFields,
  gan: GanModelFields,
  // The conditional VAE's fields are the VAE's, with the class count its spec's conditioning asks for.
  cvae: VaeModelFields,
};
