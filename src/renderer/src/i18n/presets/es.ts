/** Preset titles and descriptions in Spanish (see ./types.ts). */
import type { PresetTranslations } from './types.js';

const flips = (n: number, plural: string): { title: string; description: string } => ({
  title: `Eliminación de ruido en la fuente 5x7, ${n} ${plural}`,
  description:
    `Un autoencoder de eliminación de ruido 35-128-32-128-35 (tanh, salida sigmoide, BCE, Adam 0,005 con decaimiento coseno hasta 1e-4 en 3000 épocas de lote completo) ` +
    `que ve cada patrón de la fuente con exactamente ${n} de sus 35 píxeles invertido(s), sorteados de nuevo en cada paso, y debe devolver el patrón limpio. ` +
    'La validación cuenta los píxeles erróneos de la salida sin ruido; tras el entrenamiento, un barrido los informa para 0 a 8 píxeles invertidos.',
});

const GRID_NOTE =
  'Solo se aparta del informe donde el motor lo necesita: kernels float32 de tfjs en lugar de los de PyTorch, y los sorteos con semilla de la inicialización y del barajado ' +
  'son otros sorteos de las mismas distribuciones, así que espera unos pocos por ciento de variación entre ejecuciones, como entre dos semillas de PyTorch.';

export const PRESETS_ES: PresetTranslations = {
  byId: {
    'font5x7-2d': {
      title: 'Fuente 5x7 en un espacio latente 2-D',
      description:
        'Aprende los 32 patrones de la fuente de matriz de puntos 5x7 a través de un código 2-D con como mucho 1 píxel erróneo cada uno: el ejercicio clásico que las redes pequeñas ' +
        'simétricas con Adam y MSE simples no terminan. Lo que llega de forma fiable: un código 2-D lineal (los códigos ReLU/tanh pierden unidades), un decodificador más ancho que ' +
        'el codificador (35-64-2-64-128-35, tanh), entropía cruzada binaria en lugar de MSE y Adam a 0,01 en lotes completos. Se detiene cuando todos los patrones son exactos.',
    },
    'spiral3d-linear-2d': {
      title: 'Espiral 3-D a un código lineal 2-D',
      description:
        'El primer ejemplo de la clase de origen: puntos 3-D sobre una espiral comprimidos a 2 dimensiones por un autoencoder lineal (sin activaciones: encuentra el plano de la PCA), RMSprop, MSE.',
    },
    'mnist-dense-bn-bce': {
      title: 'MNIST 784-128-32 con batch-norm, BCE',
      description:
        'Autoencoder de MNIST 784-128-32-128-784 con normalización por lotes en el código 32-D, ReLU, salida sigmoide, entropía cruzada binaria, Adam 1e-3, lote 1024.',
    },
    'fashion-mnist-latent2': {
      title: 'Fashion-MNIST con un espacio latente 2-D',
      description: 'Autoencoder de Fashion-MNIST 784-128-64-2 con un código 2-D lineal (para el diagrama de dispersión latente), ReLU, salida sigmoide, MSE, Adam 1e-3, lote 32.',
    },
    'fashion-mnist-latent64': {
      title: 'Fashion-MNIST con un espacio latente 64-D',
      description: 'El autoencoder introductorio clásico: Fashion-MNIST 784-64-784, código ReLU, salida sigmoide, MSE, Adam 1e-3, lote 32, 10 épocas.',
    },
    'cifar10-conv': {
      title: 'AE convolucional en CIFAR-10',
      description:
        'Tres capas Conv2D de paso 2 con 32 filtros, batch-norm y LeakyReLU, un decodificador Conv2DTranspose 32/16/8 y una conv 1x1 sigmoide; entropía cruzada binaria, Adam 1e-3, lote 1024.',
    },
    'ecg5000-anomaly': {
      title: 'Detección de anomalías en latidos de ECG5000',
      description:
        'Un autoencoder denso 140-32-16-8-16-32-140 (ReLU, salida sigmoide) aprende los latidos normales de ECG5000 (clase 1 de UCR) con el error absoluto medio, Adam 1e-3, lote 32; ' +
        'cada latido de prueba se puntúa por su MAE y las cuatro clases de arritmia son las anomalías. Umbral: media + 2 σ de los errores normales de entrenamiento. ' +
        'ECG5000 viene del archivo UCR: descárgalo, o importa ECG5000_TRAIN.txt y ECG5000_TEST.txt.',
    },
    'mnist-one-class-0': {
      title: 'MNIST, detección de anomalías de una clase (dígito 0 normal)',
      description:
        'Entrena un autoencoder denso 784-128-32-128-784 (ReLU, salida sigmoide, MSE, Adam 1e-3, lote 128) solo con las imágenes de entrenamiento del dígito 0; cada imagen de prueba ' +
        'se puntúa luego por el MSE de su reconstrucción, y las otras nueve clases son las anomalías. Umbral: el percentil 95 de los errores normales de entrenamiento.',
    },
    'fashion-mnist-one-class-0': {
      title: 'Fashion-MNIST, detección de anomalías de una clase (camiseta/top normal)',
      description:
        'Entrena un autoencoder denso 784-128-32-128-784 (ReLU, salida sigmoide, MSE, Adam 1e-3, lote 128) solo con las imágenes de entrenamiento de camiseta/top; cada imagen de prueba ' +
        'se puntúa luego por el MSE de su reconstrucción, y las otras nueve clases son las anomalías. Umbral: el percentil 95 de los errores normales de entrenamiento.',
    },
    'fashion-mnist-gan-normal': {
      title: 'GAN densa en Fashion-MNIST, prior normal',
      description:
        'GAN para comparar con los autoencoders: un prior 64-D N(0, I) por un generador denso 64-256-512-784 (LeakyReLU, salida sigmoide) contra un discriminador denso 784-512-256-1 ' +
        '(LeakyReLU, logit); pérdidas no saturantes, Adam 2e-4 con beta1 0,5 en ambos, lote 256. Muestra una cuadrícula 8x8 de muestras con semilla fija en cada época.',
    },
    'fashion-mnist-gan-uniform': {
      title: 'GAN densa en Fashion-MNIST, prior uniforme',
      description:
        'GAN para comparar con los autoencoders: un prior 64-D U(-1, 1) por un generador denso 64-256-512-784 (LeakyReLU, salida sigmoide) contra un discriminador denso 784-512-256-1 ' +
        '(LeakyReLU, logit); pérdidas no saturantes, Adam 2e-4 con beta1 0,5 en ambos, lote 256. Muestra una cuadrícula 8x8 de muestras con semilla fija en cada época.',
    },
    'mnist-dcgan': {
      title: 'DCGAN en MNIST 28x28',
      description:
        'Una DCGAN pequeña en MNIST: un prior 64-D N(0, I) proyectado a un mapa 7x7x64, dos bloques Conv2DTranspose ×2 (64 y 32 filtros, batch-norm, LeakyReLU) y una conv 3x3 sigmoide; ' +
        'el discriminador son dos Conv2D de paso 2 (32 y 64 filtros, LeakyReLU) y un logit denso. Adam 2e-4 con beta1 0,5 en ambos, lote 128.',
    },
    'fashion-mnist-vae-latent64': {
      title: 'VAE en Fashion-MNIST, latente 64-D',
      description:
        'Autoencoder variacional 784-512-(64 medias, 64 log-varianzas)-512-784, ReLU, salida sigmoide; pérdida = entropía cruzada binaria sumada por imagen + KL a N(0, I); ' +
        'Adam 1e-3, lote 128, 30 épocas. Registra las partes de reconstrucción y KL, el KL por dimensión latente (unidades activas) y 32 muestras del prior en cada época.',
    },
    'mnist-vae-64-16-8': {
      title: 'VAE en MNIST 784-64-16-8',
      description:
        'Autoencoder variacional con un codificador denso 64-16 y un latente 8-D (decodificador simétrico 16-64), ReLU, salida sigmoide, BCE sumada por imagen + KL, Adam 1e-3, lote 128, 25 épocas.',
    },
    'mnist-vae-latent2': {
      title: 'VAE en MNIST con latente 2-D (variedad)',
      description:
        'Autoencoder variacional 784-256-64-(latente 2-D)-64-256-784 para la vista de la variedad latente: decodificar una cuadrícula del prior 2-D muestra los dígitos transformándose unos en otros. ' +
        'BCE + KL, Adam 1e-3, lote 128, 20 épocas.',
    },
    'fashion-mnist-conv-vae': {
      title: 'VAE convolucional en Fashion-MNIST, latente 16-D',
      description:
        'VAE convolucional: dos bloques Conv2D de paso 2 (32 y 64 filtros, LeakyReLU) hasta un latente 16-D, una capa densa y dos bloques Conv2DTranspose de vuelta a 28x28, conv 1x1 sigmoide. ' +
        'BCE + KL, Adam 1e-3, lote 128, 10 épocas.',
    },
    'fashion-mnist-denoising-gaussian': {
      title: 'AE de eliminación de ruido en Fashion-MNIST, ruido gaussiano σ 0,3',
      description:
        'Autoencoder de eliminación de ruido 784-256-64-256-784 (ReLU, salida sigmoide, BCE, Adam 1e-3, lote 128, 15 épocas): cada imagen de entrenamiento recibe ruido N(0, 0,3²) nuevo ' +
        '(recortado a [0, 1]) y el objetivo es la imagen limpia. La validación mide la eliminación de ruido; tras el entrenamiento, el error se barre para σ de 0 a 0,6.',
    },
    'font5x7-denoising-flip1': flips(1, 'píxel invertido'),
    'font5x7-denoising-flip2': flips(2, 'píxeles invertidos'),
    'font5x7-denoising-flip4': flips(4, 'píxeles invertidos'),
    'font5x7-denoising-flip6': flips(6, 'píxeles invertidos'),
    'mnist-cvae': {
      title: 'VAE condicional en MNIST (cualquier estilo como cualquier dígito)',
      description:
        'VAE condicional: el codificador lee la imagen y su etiqueta one-hot (784+10)-512-256-(latente 2-D), el decodificador el código y la etiqueta (2+10)-256-512-784, ReLU, salida sigmoide; pérdida = entropía cruzada binaria sumada por imagen + KL a N(0, I); Adam 1e-3, lote 128, 20 épocas. La etiqueta lleva el dígito, el código 2-D su estilo: en cada época se dibujan los mismos 8 códigos de la priori como cada dígito (filas = clases), y el laboratorio latente decodifica cualquier código como la clase k.',
    },
    'mnist-dense-grid': {
      title: 'Cuadrícula densa en MNIST: 9 arquitecturas × ReLU/lineal',
      description:
        'La búsqueda en cuadrícula del informe del curso en MNIST, tal como la ejecutó su código PyTorch: los 9 codificadores densos (32, 32-16, 32-16-8, 64, 64-32, 64-32-16, 128, 128-64, ' +
        '128-64-32; decodificadores simétricos) con ReLU tras cada capa oculta y salida sigmoide, o sin ninguna activación (lineal, salida incluida); inicialización de PyTorch; Adam 1e-3 con ' +
        'weight_decay acoplado 1e-5 (torch.optim.Adam), ε 1e-8; MSE; lote 128; 50 épocas, validadas en el conjunto de prueba cada 10: 18 ejecuciones, los presets ' +
        'mnist-dense-<codificador>-<relu|linear>. Cada ejecución ReLU lleva la cifra del informe; el barrido dice cuánto coincide nuestro orden con el del informe (Spearman).',
    },
    'fashion-mnist-dense-grid': {
      title: 'Cuadrícula densa en Fashion-MNIST: 9 arquitecturas × ReLU/lineal',
      description:
        'La búsqueda en cuadrícula del informe del curso en Fashion-MNIST, tal como la ejecutó su código PyTorch: los 9 codificadores densos (32, 32-16, 32-16-8, 64, 64-32, 64-32-16, 128, ' +
        '128-64, 128-64-32; decodificadores simétricos) con ReLU tras cada capa oculta y salida sigmoide, o sin ninguna activación (lineal, salida incluida); inicialización de PyTorch; ' +
        'Adam 1e-3 con weight_decay acoplado 1e-5 (torch.optim.Adam), ε 1e-8; MSE; lote 128; 50 épocas, validadas en el conjunto de prueba cada 10: 18 ejecuciones, los presets ' +
        'fashion-mnist-dense-<codificador>-<relu|linear>.',
    },
    'mnist-dense-relu-decay-modes': {
      title: 'Cuadrícula ReLU en MNIST: informe (L2 acoplado) frente a AdamW (desacoplado)',
      description:
        'Las 9 celdas ReLU de MNIST del informe, cada una entrenada como lo hizo el informe (weight_decay acoplado 1e-5 de torch.optim.Adam, inicialización de PyTorch, ε 1e-8) y como la ' +
        'variante moderna (decaimiento desacoplado 1e-5 como en AdamW, inicialización Glorot, ε 1e-7): 18 ejecuciones, cada una junto a la cifra del informe. El mismo λ son dos ' +
        'experimentos distintos: el término acoplado mantiene alto el error.',
    },
  },
  gridCell: ({ dataset, arch, activation, reportValue }) => ({
    title: `AE denso ${arch} en ${dataset} (${activation === 'relu' ? 'ReLU' : 'lineal'})`,
    description:
      `Reproduce la celda ${arch} de la cuadrícula de ${dataset} del informe del curso: ` +
      (activation === 'relu'
        ? 'ReLU tras cada capa oculta, el código incluido, y una sigmoide en las 784 salidas (los pares Linear+ReLU del informe hasta el código, nn.Sigmoid al final); '
        : 'ninguna activación, las 784 salidas incluidas (capas nn.Linear simples: una red parecida a la PCA); ') +
      'inicialización por defecto de PyTorch (pesos y sesgos uniformes en ±1/√fan_in); torch.optim.Adam(lr=1e-3, weight_decay=1e-5), es decir, un término L2 acoplado en cada peso ' +
      'y sesgo, ε 1e-8; MSE; lote 128, barajado; 50 épocas en las 60 000 imágenes de entrenamiento, validadas en las 10 000 de prueba cada 10 épocas.' +
      (reportValue !== null ? ` Informe: MSE de validación ${reportValue} en la época 50.` : '') +
      ` ${GRID_NOTE}`,
  }),
  gridVariant: ({ arch, encoder }) => ({
    title: `AE denso ${arch} en MNIST (ReLU), variante AdamW`,
    description:
      `La celda ${arch} de MNIST del informe con los valores por defecto de hoy en lugar de los del informe: decaimiento de pesos desacoplado 1e-5 en los kernels (torch.optim.AdamW / ` +
      'AdamW de Keras) en lugar del L2 acoplado de Adam en cada parámetro, y kernels Glorot uniformes con sesgos cero (Keras) en lugar de la inicialización de PyTorch; mismas capas, ' +
      'Adam 1e-3, MSE, lote 128, 50 épocas, validadas cada 10. El L2 acoplado de 1e-5 del informe empuja cada peso hacia cero a través de la normalización de Adam, lo que cuesta ' +
      'error de reconstrucción; desacoplado, el mismo 1e-5 apenas actúa, y el error termina muy por debajo del informe (cerca de un tercio para 784-128-784): compáralo con el preset ' +
      `de reproducción mnist-dense-${encoder}-relu lado a lado.`,
  }),
};
