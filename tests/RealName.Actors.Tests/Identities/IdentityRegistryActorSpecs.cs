using Akka.Actor;
using RealName.Actors.Identities;
using RealName.Actors.Tests.Infrastructure;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;

namespace RealName.Actors.Tests.Identities;

public sealed class IdentityRegistryActorSpecs : SqliteActorSpec
{
    private IActorRef StartRegistry(int snapshotEvery = 1000) =>
        Sys.ActorOf(Props.Create(() => new IdentityRegistryActor(TimeProvider.System, snapshotEvery)));

    private static ClaimRequest Claim(string idKey, string account, SessionId? session = null) =>
        new(idKey, new AccountId(account), session ?? SessionId.New(), VerificationMethod.Face, new Sensitive("张三"), new Sensitive("11010519491231002X"));

    private void StopAndWait(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    [Fact]
    public async Task Should_grant_exactly_one_of_fifty_concurrent_claims_of_one_id()
    {
        var registry = StartRegistry();

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(Claim("id-key-1", $"acc_{i}")), TimeSpan.FromSeconds(10))));

        var granted = Assert.Single(verdicts, v => v.IsGranted);
        Assert.Equal(49, verdicts.Count(v => v.RefusalCode == ErrorCodes.IdAlreadyVerified));
        Assert.Null(granted.Owner);
    }

    [Fact]
    public async Task Should_grant_reclaim_by_winning_session_again()
    {
        var registry = StartRegistry();
        var session = SessionId.New();
        var first = await registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(Claim("id-key-2", "acc_win", session)));

        var again = await registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(Claim("id-key-2", "acc_win", session)));

        Assert.True(first.IsGranted);
        Assert.True(again.IsGranted);
    }

    [Fact]
    public async Task Should_refuse_second_identity_for_same_account()
    {
        var registry = StartRegistry();
        await registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(Claim("id-key-3", "acc_one")));

        var second = await registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(Claim("id-key-4", "acc_one")));

        Assert.Equal(ErrorCodes.AccountAlreadyVerified, second.RefusalCode);
    }

    [Fact]
    public async Task Should_recover_both_indexes_from_snapshot_and_events_after_restart()
    {
        var registry = StartRegistry(snapshotEvery: 10);
        for (var i = 0; i < 25; i++)
            Assert.True((await registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(Claim($"key-{i}", $"acc_r{i}")))).IsGranted);
        StopAndWait(registry);

        var restarted = StartRegistry(snapshotEvery: 10);

        for (var i = 0; i < 25; i++)
        {
            var taken = await restarted.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Check($"key-{i}", "acc_someone_else"));
            Assert.Equal($"acc_r{i}", taken.Owner);
        }
        var account = await restarted.Ask<RegistryProtocol.AccountAnswer>(new RegistryProtocol.GetAccount("acc_r24"));
        Assert.Equal("11010519491231002X", account.Identity!.IdNumber.Value);
        Assert.True(File.Exists(Path.Combine(DataPath, "snapshots.db")));
    }
}
