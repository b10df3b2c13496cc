/** The engine side of the convolutional autoencoder: the reconstruction objective on buildModels()' views. */
import { reconstructionObjective } from '../../objectives/reconstruction.js';
import { autoencoderKind } from '../autoencoder-kind.js';

export const CONV_ENGINE = autoencoderKind<'conv'>(reconstructionObjective);
