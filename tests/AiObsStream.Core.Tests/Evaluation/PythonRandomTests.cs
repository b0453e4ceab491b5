using AiObsStream.Core.Evaluation.Nab;

namespace AiObsStream.Core.Tests.Evaluation;

public class PythonRandomTests
{
    [Fact]
    public void NextDouble_Seed42_MatchesCPython()
    {
        // python3 -c "import random; random.seed(42); print([random.random() for _ in range(3)])"
        var random = new PythonRandom(42);

        Assert.Equal(0.6394267984578837, random.NextDouble());
        Assert.Equal(0.025010755222666936, random.NextDouble());
        Assert.Equal(0.27502931836911926, random.NextDouble());
    }

    [Fact]
    public void NextDouble_AfterTwist_MatchesCPython()
    {
        var random = new PythonRandom(42);
        for (int i = 0; i < 1000; i++)
        {
            random.NextDouble();
        }

        Assert.Equal(0.09935462460613032, random.NextDouble());
    }
}
