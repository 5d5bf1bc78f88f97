using BenchmarkDotNet.Running;

namespace RealName.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/RealName.Benchmarks -- --filter '*'</c> runs every suite;
/// <c>--filter '*Serializer*'</c> one; <c>--job short</c> for a quick look.
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) =>
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
