using BenchmarkDotNet.Attributes;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;

namespace RealName.Benchmarks;

/// <summary>The pure rules every request runs: input validators and the session's Decide/Apply.</summary>
[MemoryDiagnoser]
public class DomainBenchmarks
{
    private static readonly DateOnly Today = new(2025, 1, 1);
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly SessionCommands.CreateSession _create = new(new SessionId("vs_benchmark0000000000000000"), new AccountId("acc_1001"), VerificationMethod.Face, "hash", TimeSpan.FromMinutes(30));
    private readonly SessionCommands.RequestScan _scan = new(SessionRules.HashToken("secret"), new Sensitive("app_42"));
    private SessionEvents.ISessionEvent[] _events = [];
    private SessionState _awaitingScan = SessionState.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var created = SessionRules.Decide(SessionState.Empty, _create, Now).Events;
        _events = [.. created, new SessionEvents.QrIssued(SessionRules.HashToken("secret"), Now, Now.AddMinutes(2))];
        _awaitingScan = _events.Aggregate(SessionState.Empty, SessionRules.Apply);
    }

    [Benchmark]
    public bool IdNumber_TryParse() => IdNumber.TryParse("11010519491231002X", Today, out _);

    [Benchmark]
    public bool PersonName_TryParse() => PersonName.TryParse("欧阳·娜娜", out _);

    [Benchmark]
    public Decision Decide_Create() => SessionRules.Decide(SessionState.Empty, _create, Now);

    [Benchmark]
    public Decision Decide_Scan() => SessionRules.Decide(_awaitingScan, _scan, Now);

    [Benchmark]
    public SessionState Apply_created_and_qr() => _events.Aggregate(SessionState.Empty, SessionRules.Apply);
}
