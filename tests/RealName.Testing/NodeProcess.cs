using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace RealName.Testing;

/// <summary>
/// One RealName node as a real operating-system process (<c>dotnet RealName.Host.dll</c>) on
/// loopback ports (free ones unless given), with its admin listener on a port of its own: killable
/// with SIGKILL, stoppable with SIGTERM, restartable with the same ports and data folder.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly string[] _arguments;
    private readonly string _logPath;
    private readonly List<string> _errors = [];
    private Process? _process;

    public NodeProcess(string name, IReadOnlyList<string> seedNodes, IReadOnlyDictionary<string, string> settings, string workFolder, int? httpPort = null, int? remotingPort = null)
    {
        Name = name;
        HttpPort = httpPort ?? FreePort();
        RemotingPort = remotingPort ?? FreePort();
        _logPath = Path.Combine(workFolder, name + ".log");
        AdminPort = FreePort();
        var args = new Dictionary<string, string>(settings)
        {
            ["RealName:PublicUrl"] = $"http://127.0.0.1:{HttpPort}",
            // Three nodes on one machine: each admin listener on a port of its own (the default 9110 would collide).
            ["RealName:AdminUrl"] = $"http://127.0.0.1:{AdminPort}",
            ["RealName:RemotingPort"] = RemotingPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RealName:DataPath"] = Path.Combine(workFolder, name),
        };
        for (var i = 0; i < seedNodes.Count; i++)
            args[$"RealName:SeedNodes:{i}"] = seedNodes[i];
        _arguments = args.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "rn_test_key");
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{AdminPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "rn_test_admin");
    }

    public string Name { get; }
    public int HttpPort { get; }
    public int RemotingPort { get; }
    public HttpClient Client { get; }

    public int AdminPort { get; }

    /// <summary>A client of the node's admin listener, with the sandbox admin token.</summary>
    public HttpClient Admin { get; }
    public string Address => $"akka.tcp://realname@127.0.0.1:{RemotingPort}";
    public bool IsRunning => _process is { HasExited: false };
    public bool HasExited => _process is { HasExited: true };

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    /// <summary>What the process wrote to stderr so far, line by line (also in the log).</summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_errors)
                return _errors.ToList();
        }
    }

    /// <summary>The admin listener as the CLI takes it (<c>host:port</c>).</summary>
    public string AdminAddress => $"127.0.0.1:{AdminPort}";

    /// <summary>
    /// A loopback port free now and never handed out before in this test process: the ports of a
    /// cluster are picked before any node binds them, and the OS may offer a just-released port
    /// again (a node's admin port once took another node's remoting port: "Address already in use").
    /// Picked below the ephemeral range, where no outgoing connection of any process on the machine
    /// (database pools, HTTP clients) takes it while the node process starts (a node once failed
    /// in <c>Remoting.Start</c> on a busy machine).
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            var port = BelowEphemeral.Value is { } range ? Random.Shared.Next(range.From, range.To) : 0;
            using var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
            }
            catch (SocketException)
            {
                continue; // taken: another try
            }
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (HandedOut)
            {
                if (HandedOut.Add(port))
                    return port;
            }
        }
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>20000 up to the start of Linux's ephemeral range; none where it cannot be read or leaves no room (then the OS picks).</summary>
    private static readonly Lazy<(int From, int To)?> BelowEphemeral = new(() =>
    {
        try
        {
            var low = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);
            return low - 20000 >= 1000 ? (20000, low) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    });

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
        log.WriteLine($"==== start {DateTimeOffset.UtcNow:O}");
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Write(log, e.Data);
        _process.ErrorDataReceived += (_, e) =>
        {
            Write(log, e.Data);
            if (e.Data is not null)
                lock (_errors)
                    _errors.Add(e.Data);
        };
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

    /// <summary>Polls <c>/readyz</c> until the node is an Up member whose registry answers.</summary>
    public Task WaitReadyAsync(TimeSpan timeout) => WaitForAsync("/readyz", admin: false, timeout);

    /// <summary>Polls <paramref name="path"/> on the public or admin listener until it answers 200.</summary>
    public async Task WaitForAsync(string path, bool admin, TimeSpan timeout)
    {
        var client = admin ? Admin : Client;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}; see {_logPath}:\n{Tail()}");
            try
            {
                using var response = await client.GetAsync(path);
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

    /// <summary><c>kill -9</c>: no coordinated shutdown, no hand-off, nothing flushed.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Waits for the process to exit by itself (a node exits once it has left the cluster).</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        // Also waits until the redirected stdout and stderr are read to their end.
        await _process!.WaitForExitAsync(cts.Token);
    }

    /// <summary>SIGTERM: the host runs coordinated shutdown (leave, hand off shards) and exits.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        if (_process is not { HasExited: false } process)
            return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
    }

    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        Client.Dispose();
        Admin.Dispose();
        await Task.CompletedTask;
    }
}

/// <summary>Finds the built node binary beside this test build (same configuration).</summary>
public static class HostBinary
{
    public static readonly string Path = Find();

    private static string Find()
    {
        var here = AppContext.BaseDirectory; // …/tests/<the test project>/bin/<Configuration>/net10.0/
        var dir = new DirectoryInfo(here);
        var tfm = dir.Name;
        var configuration = dir.Parent!.Name;
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "RealName.sln")))
            dir = dir.Parent;
        if (dir is null)
            throw new InvalidOperationException("RealName.sln not found above " + here);
        var path = System.IO.Path.Combine(dir.FullName, "src", "RealName.Host", "bin", configuration, tfm, "RealName.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: node binary missing", path);
    }
}
