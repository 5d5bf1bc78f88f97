using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RealName.Cli.Tests.Infrastructure;

/// <summary>
/// One RealName node as an operating-system process (<c>dotnet RealName.Host.dll</c>) on loopback
/// ports, with its admin listener on a port of its own: killable with SIGKILL (a crash), and it
/// exits by itself once it has left the cluster.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly string[] _arguments;
    private readonly string _logPath;
    private Process? _process;

    public NodeProcess(string name, IReadOnlyList<string> seedNodes, IReadOnlyDictionary<string, string> settings, string workFolder)
    {
        Name = name;
        HttpPort = FreePort();
        AdminPort = FreePort();
        RemotingPort = FreePort();
        _logPath = Path.Combine(workFolder, name + ".log");
        var args = new Dictionary<string, string>(settings)
        {
            ["RealName:PublicUrl"] = $"http://127.0.0.1:{HttpPort}",
            ["RealName:AdminUrl"] = $"http://127.0.0.1:{AdminPort}",
            ["RealName:RemotingPort"] = RemotingPort.ToString(CultureInfo.InvariantCulture),
            ["RealName:DataPath"] = Path.Combine(workFolder, name),
        };
        for (var i = 0; i < seedNodes.Count; i++)
            args[$"RealName:SeedNodes:{i}"] = seedNodes[i];
        _arguments = args.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
    }

    public string Name { get; }
    public int HttpPort { get; }
    public int AdminPort { get; }
    public int RemotingPort { get; }

    /// <summary>The admin listener as the CLI takes it.</summary>
    public string Admin => $"127.0.0.1:{AdminPort}";

    /// <summary>The node's Akka address, as <c>cluster show</c> prints it.</summary>
    public string Address => $"akka.tcp://realname@127.0.0.1:{RemotingPort}";

    public bool HasExited => _process is { HasExited: true };

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(HostBinary.Path)!,
        };
        info.ArgumentList.Add(HostBinary.Path);
        foreach (var a in _arguments)
            info.ArgumentList.Add(a);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = "";
        var log = new StreamWriter(_logPath, append: true) { AutoFlush = true };
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Write(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.WriteLine(line);
    }

    /// <summary>Polls <paramref name="path"/> on the public or admin listener until it answers 200.</summary>
    public async Task WaitForAsync(string path, bool admin, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = $"http://127.0.0.1:{(admin ? AdminPort : HttpPort)}{path}";
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process!.ExitCode}; see {_logPath}:\n{Tail()}");
            try
            {
                using var response = await client.GetAsync(url);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name}: {path} did not answer 200 within {timeout}; see {_logPath}:\n{Tail()}");
    }

    /// <summary><c>kill -9</c>: the node vanishes without leaving, so the others see it unreachable.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token);
    }

    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The node binary built beside this test build (same configuration).</summary>
public static class HostBinary
{
    public static readonly string Path = Find();

    private static string Find()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory); // …/tests/RealName.Cli.Tests/bin/<Configuration>/net10.0/
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var dir = here;
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "RealName.sln")))
            dir = dir.Parent;
        if (dir is null)
            throw new InvalidOperationException("RealName.sln not found above " + here.FullName);
        var path = System.IO.Path.Combine(dir.FullName, "src", "RealName.Host", "bin", configuration, tfm, "RealName.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: node binary missing", path);
    }
}
