using System.Runtime.CompilerServices;

namespace RealName.Actors.Tests.Infrastructure;

/// <summary>
/// Test classes run in parallel and TestKit's expectations block their threads, while SQLite's
/// driver blocks pool threads too: on a 2-core machine the pool's slow thread injection then
/// stalls every actor system in the process for tens of seconds. Start with enough threads.
/// </summary>
internal static class ThreadPoolWarmUp
{
#pragma warning disable CA2255 // a test assembly, not a library: this runs before any test
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
