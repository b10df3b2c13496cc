/** Preset titles and descriptions in Brazilian Portuguese (see ./types.ts). */
import type { PresetTranslations } from './types.js';

const flips = (n: number, plural: string): { title: string; description: string } => ({
  title: `Remoção de ruído na fonte 5x7, ${n} ${plural}`,
  description:
    `Um autoencoder de remoção de ruído 35-128-32-128-35 (tanh, saída sigmoide, BCE, Adam 0,005 com decaimento cosseno até 1e-4 em 3000 épocas de lote completo) ` +
    `que vê cada padrão da fonte com exatamente ${n} dos seus 35 pixels invertido(s), sorteados de novo a cada passo, e deve devolver o padrão limpo. ` +
    'A validação conta os pixels errados da saída sem ruído; depois do treino, uma varredura os relata para 0 a 8 pixels invertidos.',
});

const GRID_NOTE =
  'Só se afasta do relatório onde o motor precisa: kernels float32 do tfjs em vez dos do PyTorch, e os sorteios com semente da inicialização e do embaralhamento ' +
  'são outros sorteios das mesmas distribuições, então espere alguns por cento de variação entre execuções, como entre duas sementes do PyTorch.';

export const PRESETS_PT_BR: PresetTranslations = {
  byId: {
    'font5x7-2d': {
      title: 'Fonte 5x7 num espaço latente 2-D',
      description:
        'Aprende os 32 padrões da fonte de matriz de pontos 5x7 por um código 2-D com no máximo 1 pixel errado cada: o exercício clássico que redes pequenas ' +
        'espelhadas com Adam e MSE simples não terminam. O que chega lá de forma confiável: um código 2-D linear (códigos ReLU/tanh perdem unidades), um decodificador ' +
        'mais largo que o codificador (35-64-2-64-128-35, tanh), entropia cruzada binária em vez de MSE e Adam a 0,01 em lotes completos. Para quando todo padrão está exato.',
    },
    'spiral3d-linear-2d': {
      title: 'Espiral 3-D para um código linear 2-D',
      description:
        'O primeiro exemplo da aula de origem: pontos 3-D sobre uma espiral comprimidos para 2 dimensões por um autoencoder linear (sem ativações: ele encontra o plano da PCA), RMSprop, MSE.',
    },
    'mnist-dense-bn-bce': {
      title: 'MNIST 784-128-32 com batch-norm, BCE',
      description:
        'Autoencoder de MNIST 784-128-32-128-784 com normalização em lote no código 32-D, ReLU, saída sigmoide, entropia cruzada binária, Adam 1e-3, lote 1024.',
    },
    'fashion-mnist-latent2': {
      title: 'Fashion-MNIST com espaço latente 2-D',
      description: 'Autoencoder de Fashion-MNIST 784-128-64-2 com código 2-D linear (para o gráfico de dispersão latente), ReLU, saída sigmoide, MSE, Adam 1e-3, lote 32.',
    },
    'fashion-mnist-latent64': {
      title: 'Fashion-MNIST com espaço latente 64-D',
      description: 'O autoencoder introdutório clássico: Fashion-MNIST 784-64-784, código ReLU, saída sigmoide, MSE, Adam 1e-3, lote 32, 10 épocas.',
    },
    'cifar10-conv': {
      title: 'AE convolucional no CIFAR-10',
      description:
        'Três camadas Conv2D de passo 2 com 32 filtros, batch-norm e LeakyReLU, um decodificador Conv2DTranspose 32/16/8 e uma conv 1x1 sigmoide; entropia cruzada binária, Adam 1e-3, lote 1024.',
    },
    'ecg5000-anomaly': {
      title: 'Detecção de anomalias em batimentos do ECG5000',
      description:
        'Um autoencoder denso 140-32-16-8-16-32-140 (ReLU, saída sigmoide) aprende os batimentos normais do ECG5000 (classe 1 do UCR) com o erro absoluto médio, Adam 1e-3, lote 32; ' +
        'cada batimento de teste é pontuado pelo seu MAE e as quatro classes de arritmia são as anomalias. Limiar: média + 2 σ dos erros normais de treino. ' +
        'O ECG5000 vem do arquivo UCR: baixe-o, ou importe ECG5000_TRAIN.txt e ECG5000_TEST.txt.',
    },
    'mnist-one-class-0': {
      title: 'MNIST, detecção de anomalias de uma classe (dígito 0 normal)',
      description:
        'Treina um autoencoder denso 784-128-32-128-784 (ReLU, saída sigmoide, MSE, Adam 1e-3, lote 128) só com as imagens de treino do dígito 0; cada imagem de teste é então ' +
        'pontuada pelo MSE da reconstrução, e as outras nove classes são as anomalias. Limiar: o percentil 95 dos erros normais de treino.',
    },
    'fashion-mnist-one-class-0': {
      title: 'Fashion-MNIST, detecção de anomalias de uma classe (camiseta/top normal)',
      description:
        'Treina um autoencoder denso 784-128-32-128-784 (ReLU, saída sigmoide, MSE, Adam 1e-3, lote 128) só com as imagens de treino de camiseta/top; cada imagem de teste é então ' +
        'pontuada pelo MSE da reconstrução, e as outras nove classes são as anomalias. Limiar: o percentil 95 dos erros normais de treino.',
    },
    'fashion-mnist-gan-normal': {
      title: 'GAN densa no Fashion-MNIST, prior normal',
      description:
        'GAN para comparar com os autoencoders: um prior 64-D N(0, I) por um gerador denso 64-256-512-784 (LeakyReLU, saída sigmoide) contra um discriminador denso 784-512-256-1 ' +
        '(LeakyReLU, logit); perdas não saturantes, Adam 2e-4 com beta1 0,5 nos dois, lote 256. Mostra uma grade 8x8 de amostras com semente fixa a cada época.',
    },
    'fashion-mnist-gan-uniform': {
      title: 'GAN densa no Fashion-MNIST, prior uniforme',
      description:
        'GAN para comparar com os autoencoders: um prior 64-D U(-1, 1) por um gerador denso 64-256-512-784 (LeakyReLU, saída sigmoide) contra um discriminador denso 784-512-256-1 ' +
        '(LeakyReLU, logit); perdas não saturantes, Adam 2e-4 com beta1 0,5 nos dois, lote 256. Mostra uma grade 8x8 de amostras com semente fixa a cada época.',
    },
    'mnist-dcgan': {
      title: 'DCGAN no MNIST 28x28',
      description:
        'Uma DCGAN pequena no MNIST: um prior 64-D N(0, I) projetado num mapa 7x7x64, dois blocos Conv2DTranspose ×2 (64 e 32 filtros, batch-norm, LeakyReLU) e uma conv 3x3 sigmoide; ' +
        'o discriminador são duas Conv2D de passo 2 (32 e 64 filtros, LeakyReLU) e um logit denso. Adam 2e-4 com beta1 0,5 nos dois, lote 128.',
    },
    'fashion-mnist-vae-latent64': {
      title: 'VAE no Fashion-MNIST, latente 64-D',
      description:
        'Autoencoder variacional 784-512-(64 médias, 64 log-variâncias)-512-784, ReLU, saída sigmoide; perda = entropia cruzada binária somada por imagem + KL para N(0, I); ' +
        'Adam 1e-3, lote 128, 30 épocas. Registra as partes de reconstrução e KL, o KL por dimensão latente (unidades ativas) e 32 amostras do prior a cada época.',
    },
    'mnist-vae-64-16-8': {
      title: 'VAE no MNIST 784-64-16-8',
      description:
        'Autoencoder variacional com codificador denso 64-16 e latente 8-D (decodificador espelhado 16-64), ReLU, saída sigmoide, BCE somada por imagem + KL, Adam 1e-3, lote 128, 25 épocas.',
    },
    'mnist-vae-latent2': {
      title: 'VAE no MNIST com latente 2-D (variedade)',
      description:
        'Autoencoder variacional 784-256-64-(latente 2-D)-64-256-784 para a visão da variedade latente: decodificar uma grade do prior 2-D mostra os dígitos se transformando uns nos outros. ' +
        'BCE + KL, Adam 1e-3, lote 128, 20 épocas.',
    },
    'fashion-mnist-conv-vae': {
      title: 'VAE convolucional no Fashion-MNIST, latente 16-D',
      description:
        'VAE convolucional: dois blocos Conv2D de passo 2 (32 e 64 filtros, LeakyReLU) até um latente 16-D, uma camada densa e dois blocos Conv2DTranspose de volta a 28x28, conv 1x1 sigmoide. ' +
        'BCE + KL, Adam 1e-3, lote 128, 10 épocas.',
    },
    'fashion-mnist-denoising-gaussian': {
      title: 'AE de remoção de ruído no Fashion-MNIST, ruído gaussiano σ 0,3',
      description:
        'Autoencoder de remoção de ruído 784-256-64-256-784 (ReLU, saída sigmoide, BCE, Adam 1e-3, lote 128, 15 épocas): cada imagem de treino recebe ruído N(0, 0,3²) novo ' +
        '(cortado em [0, 1]) e o alvo é a imagem limpa. A validação mede a remoção de ruído; depois do treino, o erro é varrido para σ de 0 a 0,6.',
    },
    'font5x7-denoising-flip1': flips(1, 'pixel invertido'),
    'font5x7-denoising-flip2': flips(2, 'pixels invertidos'),
    'font5x7-denoising-flip4': flips(4, 'pixels invertidos'),
    'font5x7-denoising-flip6': flips(6, 'pixels invertidos'),
    'mnist-cvae': {
      title: 'VAE condicional no MNIST (qualquer estilo como qualquer dígito)',
      description:
        'VAE condicional: o codificador lê a imagem e seu rótulo one-hot (784+10)-512-256-(latente 2-D), o decodificador o código e o rótulo (2+10)-256-512-784, ReLU, saída sigmoide; perda = entropia cruzada binária somada por imagem + KL para N(0, I); Adam 1e-3, lote 128, 20 épocas. O rótulo carrega o dígito, o código 2-D seu estilo: a cada época os mesmos 8 códigos da priori são desenhados como cada dígito (linhas = classes), e o laboratório latente decodifica qualquer código como a classe k.',
    },
    'mnist-dense-grid': {
      title: 'Grade densa no MNIST: 9 arquiteturas × ReLU/linear',
      description:
        'A busca em grade do relatório do curso no MNIST, como o código PyTorch dele a rodou: os 9 codificadores densos (32, 32-16, 32-16-8, 64, 64-32, 64-32-16, 128, 128-64, 128-64-32; ' +
        'decodificadores espelhados) com ReLU depois de cada camada oculta e saída sigmoide, ou sem ativação nenhuma (linear, saída incluída); inicialização do PyTorch; Adam 1e-3 com ' +
        'weight_decay acoplado 1e-5 (torch.optim.Adam), ε 1e-8; MSE; lote 128; 50 épocas, validadas no conjunto de teste a cada 10: 18 execuções, os presets ' +
        'mnist-dense-<codificador>-<relu|linear>. Cada execução ReLU leva o número do relatório; a varredura diz quanto a nossa ordem concorda com a do relatório (Spearman).',
    },
    'fashion-mnist-dense-grid': {
      title: 'Grade densa no Fashion-MNIST: 9 arquiteturas × ReLU/linear',
      description:
        'A busca em grade do relatório do curso no Fashion-MNIST, como o código PyTorch dele a rodou: os 9 codificadores densos (32, 32-16, 32-16-8, 64, 64-32, 64-32-16, 128, 128-64, ' +
        '128-64-32; decodificadores espelhados) com ReLU depois de cada camada oculta e saída sigmoide, ou sem ativação nenhuma (linear, saída incluída); inicialização do PyTorch; ' +
        'Adam 1e-3 com weight_decay acoplado 1e-5 (torch.optim.Adam), ε 1e-8; MSE; lote 128; 50 épocas, validadas no conjunto de teste a cada 10: 18 execuções, os presets ' +
        'fashion-mnist-dense-<codificador>-<relu|linear>.',
    },
    'mnist-dense-relu-decay-modes': {
      title: 'Grade ReLU no MNIST: relatório (L2 acoplado) × AdamW (desacoplado)',
      description:
        'As 9 células ReLU do MNIST no relatório, cada uma treinada como o relatório fez (weight_decay acoplado 1e-5 do torch.optim.Adam, inicialização do PyTorch, ε 1e-8) e como a ' +
        'variante moderna (decaimento desacoplado 1e-5 como no AdamW, inicialização Glorot, ε 1e-7): 18 execuções, cada uma ao lado do número do relatório. O mesmo λ são dois ' +
        'experimentos diferentes: o termo acoplado segura o erro alto.',
    },
  },
  gridCell: ({ dataset, arch, activation, reportValue }) => ({
    title: `AE denso ${arch} no ${dataset} (${activation === 'relu' ? 'ReLU' : 'linear'})`,
    description:
      `Reproduz a célula ${arch} da grade do ${dataset} no relatório do curso: ` +
      (activation === 'relu'
        ? 'ReLU depois de cada camada oculta, o código incluído, e uma sigmoide nas 784 saídas (os pares Linear+ReLU do relatório até o código, nn.Sigmoid por último); '
        : 'nenhuma ativação, as 784 saídas incluídas (camadas nn.Linear simples: uma rede parecida com a PCA); ') +
      'inicialização padrão do PyTorch (pesos e vieses uniformes em ±1/√fan_in); torch.optim.Adam(lr=1e-3, weight_decay=1e-5), isto é, um termo L2 acoplado em cada peso e viés, ' +
      'ε 1e-8; MSE; lote 128, embaralhado; 50 épocas nas 60 mil imagens de treino, validadas nas 10 mil de teste a cada 10 épocas.' +
      (reportValue !== null ? ` Relatório: MSE de validação ${reportValue} na época 50.` : '') +
      ` ${GRID_NOTE}`,
  }),
  gridVariant: ({ arch, encoder }) => ({
    title: `AE denso ${arch} no MNIST (ReLU), variante AdamW`,
    description:
      `A célula ${arch} do MNIST no relatório com os padrões de hoje em vez dos do relatório: decaimento de pesos desacoplado 1e-5 nos kernels (torch.optim.AdamW / AdamW do Keras) ` +
      'em vez do L2 acoplado do Adam em cada parâmetro, e kernels Glorot uniformes com vieses zero (Keras) em vez da inicialização do PyTorch; mesmas camadas, Adam 1e-3, MSE, ' +
      'lote 128, 50 épocas, validadas a cada 10. O L2 acoplado de 1e-5 do relatório puxa cada peso para zero pela normalização do Adam, o que custa erro de reconstrução; ' +
      'desacoplado, o mesmo 1e-5 quase não age, e o erro termina bem abaixo do relatório (cerca de um terço para 784-128-784): compare com o preset de reprodução ' +
      `mnist-dense-${encoder}-relu lado a lado.`,
  }),
};
