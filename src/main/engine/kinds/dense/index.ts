/** The engine side of the dense autoencoder: the reconstruction objective on buildModels()' views. */
import { reconstructionObjective } from '../../objectives/reconstruction.js';
import { autoencoderKind } from '../autoencoder-kind.js';

export const DENSE_ENGINE = autoencoderKind<'dense'>(reconstructionObjective);
