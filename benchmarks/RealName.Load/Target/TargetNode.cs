using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RealName.Load.Target;

/// <summary>
/// The node under load: one already running (its URL, optionally its pid and data folder), or one
/// this tool starts from the build beside it, on a free port with a fresh data folder, and stops
/// (SIGTERM, then kill) when the run ends.
/// </summary>
public sealed class TargetNode : IAsyncDisposable
{
    private readonly Process? _started;
    private readonly string? _ownedDataPath;
    private bool _keepData;

    private TargetNode(Uri url, int? pid, string? dataPath, Process? started, string? ownedDataPath)
    {
        Url = url;
        Pid = pid;
        DataPath = dataPath;
        _started = started;
        _ownedDataPath = ownedDataPath;
    }

    public Uri Url { get; }
    public int? Pid { get; }
    public string? DataPath { get; }

    public static TargetNode Attach(LoadOptions options) =>
        new(options.Url, options.Pid, options.DataPath, null, null);

    /// <summary>Starts <c>RealName.Host.dll</c> of the same build configuration as this tool.</summary>
    public static TargetNode Start(LoadOptions options)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "realname-load-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataPath);
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var host = HostBinary();
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(host)!, // its appsettings.json
        };
        info.ArgumentList.Add(host);
        info.ArgumentList.Add($"--RealName:PublicUrl={url.ToString().TrimEnd('/')}");
        info.ArgumentList.Add($"--RealName:DataPath={dataPath}");
        // Live sessions stay in memory for the whole run, so the RSS figure counts them.
        info.ArgumentList.Add("--RealName:Sessions:PassivateAfter=00:30:00");
        // The load comes from one address at rates far above a client's budget: measure the node, not the limiter.
        info.ArgumentList.Add("--RealName:RateLimits:Enabled=false");
        info.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var arg in options.NodeArgs)
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = "";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var log = new StreamWriter(Path.Combine(dataPath, "node.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Log(log, e.Data);
        process.ErrorDataReceived += (_, e) => Log(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new TargetNode(url, process.Id, dataPath, process, dataPath);
    }

    /// <summary>The node's resident set size from <c>/proc/&lt;pid&gt;/status</c> (VmRSS), or null when unknown.</summary>
    public long? RssBytes()
    {
        if (Pid is not { } pid)
            return null;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    continue;
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
            // the process is gone
        }
        return null;
    }

    public async Task WaitReadyAsync(Func<CancellationToken, Task<bool>> ready, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_started is { HasExited: true })
            {
                _keepData = true;
                throw new InvalidOperationException($"The node exited with {_started.ExitCode}; see {Path.Combine(DataPath!, "node.log")}.");
            }
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (await ready(attempt.Token))
                return;
            await Task.Delay(200);
        }
        _keepData = true;
        throw new TimeoutException($"The node at {Url} was not ready within {timeout.TotalSeconds:0} s{(DataPath is null ? "" : $"; see {Path.Combine(DataPath, "node.log")}")}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_started is { HasExited: false } process)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        _started?.Dispose();
        if (_ownedDataPath is not null && !_keepData)
            TryDelete(_ownedDataPath);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a temporary folder; leaving it is harmless
        }
    }

    private static void Log(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.WriteLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>…/src/RealName.Host/bin/&lt;configuration&gt;/&lt;tfm&gt;/RealName.Host.dll of the checkout this tool was built in.</summary>
    private static string HostBinary()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (tfm, configuration) = (here.Name, here.Parent!.Name);
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "RealName.sln")))
            root = root.Parent;
        var path = root is null ? "" : Path.Combine(root.FullName, "src", "RealName.Host", "bin", configuration, tfm, "RealName.Host.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"No built node beside this tool; build the solution in {configuration} first.", path);
    }
}
