using System.Diagnostics;
using System.Globalization;
using AiObsStream.Core.Detectors.SrCnn;
using AiObsStream.SrCnn.Trainer;

// Trains the SR-CNN network on anomalies injected into real series (sr-spec §2.3) and measures held-out F1 of SR and
// SR-CNN with the delay-tolerant point-adjust protocol (§2.4). Writes <out>/srcnn-w<w>.bin and <out>/srcnn-w<w>.card.md.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var clock = Stopwatch.StartNew();
TrainerArgs a = TrainerArgs.Parse(args);
TrainingSettings s = a.Settings;
const int Delay = 7;

List<NamedSeries> corpus = SeriesCorpus.Load(a.NabDir, a.TraceDir);
corpus.RemoveAll(x => x.Values.Length < 2 * s.Window);
var splitRandom = new SeededRandom(s.Seed);
splitRandom.Shuffle(corpus);
int testCount = corpus.Count / 5;
int validationCount = corpus.Count / 10;
List<NamedSeries> test = corpus[..testCount];
List<NamedSeries> validation = corpus[testCount..(testCount + validationCount)];
List<NamedSeries> train = corpus[(testCount + validationCount)..];
Console.WriteLine($"series: {corpus.Count} (train {train.Count}, validation {validation.Count}, test {test.Count})");

var set = new TrainingSet(s.Window);
var synthesizer = new WindowSynthesizer(s.Window, s.Step, s.MaxAnomalies, new SeededRandom(s.Seed + 1));
foreach (NamedSeries series in train)
{
    synthesizer.AddSeries(series.Values, set);
}

set.Seal();
Console.WriteLine($"windows: {set.Count}, positive labels {set.Positives} ({100.0 * set.Positives / set.Labels.Length:F2}%), {clock.Elapsed.TotalSeconds:F1}s");

var trainer = new NetworkTrainer(s.Window, new SeededRandom(s.Seed + 2));
var order = new int[set.Count];
var orderRandom = new SeededRandom(s.Seed + 3);
var losses = new List<double>();
float lr = s.LearningRate;
for (int epoch = 1; epoch <= s.Epochs; epoch++)
{
    for (int i = 0; i < order.Length; i++)
    {
        order[i] = i;
    }

    orderRandom.Shuffle(order);
    double loss = trainer.TrainEpoch(set, order, s, lr);
    losses.Add(loss);
    Console.WriteLine($"epoch {epoch}: lr {lr:G3} loss/window {loss:F4} ({clock.Elapsed.TotalSeconds:F1}s)");
    lr = s.LearningRate * MathF.Pow(0.5f, (epoch + 10) / 10);
}

var validationSet = validation.ConvertAll(x => EvalInjector.Inject(x, s.Window, new SeededRandom(unchecked(s.Seed + 4 + SeededRandom.StableHash(x.Name)))));
var testSet = test.ConvertAll(x => EvalInjector.Inject(x, s.Window, new SeededRandom(unchecked(s.Seed + 5 + SeededRandom.StableHash(x.Name)))));
SrCnnModel draft = trainer.ToModel(0.5f);
var (cnnThreshold, cnnValidation) = PointAdjustScore.Best(validationSet, DetectorScores.SrCnn(validationSet, draft), Delay);
var (srThreshold, srValidation) = PointAdjustScore.Best(validationSet, DetectorScores.Sr(validationSet, s.Window), Delay);
SrCnnModel model = trainer.ToModel((float)cnnThreshold);
Directory.CreateDirectory(a.OutDir);
string path = Path.Combine(a.OutDir, $"srcnn-w{s.Window}.bin");
model.Save(path);

List<float[]> srTest = DetectorScores.Sr(testSet, s.Window);
List<float[]> cnnTest = DetectorScores.SrCnn(testSet, model);
var results = new ModelCard.Results(
    PointAdjustScore.Evaluate(testSet, srTest, 0.3, Delay),
    PointAdjustScore.Evaluate(testSet, srTest, srThreshold, Delay),
    PointAdjustScore.Evaluate(testSet, cnnTest, cnnThreshold, Delay),
    PointAdjustScore.Best(testSet, srTest, Delay),
    PointAdjustScore.Best(testSet, cnnTest, Delay),
    srThreshold,
    cnnThreshold,
    srValidation,
    cnnValidation);
double seconds = clock.Elapsed.TotalSeconds;
ModelCard.Write(Path.Combine(a.OutDir, $"srcnn-w{s.Window}.card.md"), args, s, train, validation, test, set, losses, results, seconds, testSet);
Console.WriteLine(ModelCard.Summary(results));
Console.WriteLine($"wrote {path} ({new FileInfo(path).Length} bytes) in {seconds:F1}s");
