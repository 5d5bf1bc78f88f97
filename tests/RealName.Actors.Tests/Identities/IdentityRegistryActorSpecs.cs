using Akka.Actor;
using RealName.Actors.Identities;
using RealName.Actors.Tests.Infrastructure;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;

namespace RealName.Actors.Tests.Identities;

public sealed class IdentityRegistryActorSpecs(ITestOutputHelper output) : SqliteActorSpec(output)
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
    public async Task Should_keep_one_owner_per_id_and_one_id_per_account_when_batched_claims_race()
    {
        var registry = StartRegistry(snapshotEvery: 50);
        // 300 accounts each claim two of 20 ID numbers at once: the claims queue up behind one
        // another's journal writes, so they are decided in batches.
        var claims = Enumerable.Range(0, 300)
            .SelectMany(i => new[] { Claim($"race-key-{i % 20}", $"acc_race_{i}"), Claim($"race-key-{(i + 7) % 20}", $"acc_race_{i}") })
            .ToList();

        var verdicts = await Task.WhenAll(claims.Select(c =>
            registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(c), TimeSpan.FromSeconds(20))));

        var outcomes = claims.Zip(verdicts, (claim, verdict) => (Claim: claim, Verdict: verdict)).ToList();
        var granted = outcomes.Where(o => o.Verdict.IsGranted).Select(o => o.Claim).ToList();
        Assert.NotEmpty(granted);
        Assert.Equal(granted.Count, granted.Select(c => c.IdKey).Distinct().Count());
        Assert.Equal(granted.Count, granted.Select(c => c.AccountId).Distinct().Count());
        var owners = granted.ToDictionary(c => c.IdKey, c => c.AccountId.Value);
        foreach (var (claim, verdict) in outcomes.Where(o => !o.Verdict.IsGranted))
        {
            if (verdict.RefusalCode == ErrorCodes.IdAlreadyVerified)
                Assert.Equal(owners[claim.IdKey], verdict.Owner);
            else
                Assert.Equal(ErrorCodes.AccountAlreadyVerified, verdict.RefusalCode);
        }

        // Every verdict left after its batch was stored: the journal already holds each grant, and nothing else.
        var stored = (await JournalEventsAsync(IdentityRegistryActor.RegistryPersistenceId)).Cast<RegistryEvents.IdentityClaimed>().ToList();
        Assert.Equal(
            granted.Select(c => (c.IdKey, c.AccountId.Value)).OrderBy(p => p.IdKey),
            stored.Select(e => (e.Identity.IdKey, e.Identity.AccountId.Value)).OrderBy(p => p.IdKey));

        StopAndWait(registry);
        var restarted = StartRegistry(snapshotEvery: 50);
        foreach (var (idKey, owner) in owners)
            Assert.Equal(owner, (await restarted.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Check(idKey, "acc_someone_else"))).Owner);
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

    [Fact]
    public async Task Should_recover_an_erased_account_with_its_claim_and_nothing_readable_from_snapshot_and_events()
    {
        var registry = StartRegistry(snapshotEvery: 2);
        var owned = Claim("erase-key", "acc_erase") with { Name = new Sensitive("张三", "acc_erase"), IdNumber = new Sensitive("11010519491231002X", "acc_erase") };
        var kept = Claim("kept-key", "acc_kept") with { Name = new Sensitive("李四", "acc_kept"), IdNumber = new Sensitive("11010519491231002X", "acc_kept") };
        Assert.True((await registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(owned), TimeSpan.FromSeconds(10))).IsGranted);
        Assert.True((await registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(kept), TimeSpan.FromSeconds(10))).IsGranted);

        Keys.Destroy("acc_erase", DateTimeOffset.UtcNow);
        var erased = await registry.Ask<RegistryProtocol.Erased>(new RegistryProtocol.EraseAccount("acc_erase"), TimeSpan.FromSeconds(10));
        Assert.True(erased.DataErased);
        Assert.True(erased.ClaimKept);
        StopAndWait(registry);
        var recovered = StartRegistry(snapshotEvery: 2);

        var answer = await recovered.Ask<RegistryProtocol.AccountAnswer>(new RegistryProtocol.GetAccount("acc_erase"), TimeSpan.FromSeconds(10));
        Assert.Null(answer.Identity!.MaskedName);
        Assert.Null(answer.Identity.MaskedIdNumber);
        Assert.Equal("李", (await recovered.Ask<RegistryProtocol.AccountAnswer>(new RegistryProtocol.GetAccount("acc_kept"), TimeSpan.FromSeconds(10))).Identity!.Name.Value[..1]);
        var refused = await recovered.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(Claim("erase-key", "acc_thief")), TimeSpan.FromSeconds(10));
        Assert.Equal(ErrorCodes.IdAlreadyVerified, refused.RefusalCode);
        Assert.False((await recovered.Ask<RegistryProtocol.Erased>(new RegistryProtocol.EraseAccount("acc_erase"), TimeSpan.FromSeconds(10))).DataErased);
    }

    [Fact]
    public async Task Should_encrypt_a_granted_claims_values_once_so_the_event_and_every_snapshot_hold_the_same_envelope()
    {
        var registry = StartRegistry(snapshotEvery: 1);
        var claim = Claim("sealed-key", "acc_sealed_once") with { Name = new Sensitive("张三", "acc_sealed_once"), IdNumber = new Sensitive("11010519491231002X", "acc_sealed_once") };
        Assert.True((await registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(claim), TimeSpan.FromSeconds(10))).IsGranted);
        Assert.True((await registry.Ask<RegistryProtocol.Verdict>(new RegistryProtocol.Claim(Claim("other-key", "acc_other")), TimeSpan.FromSeconds(10))).IsGranted);

        var stored = (RegistryEvents.IdentityClaimed)(await JournalEventsAsync(IdentityRegistryActor.RegistryPersistenceId))[0];
        var envelope = System.Text.Encoding.UTF8.GetBytes(stored.Identity.IdNumber.Sealed!.Envelope);

        // The snapshot taken after the second claim carries the first claim's envelope as its event stored it (not encrypted anew).
        await AwaitAssertAsync(() => Assert.True(SnapshotHolds(2, envelope)), TimeSpan.FromSeconds(10));
        var answer = await registry.Ask<RegistryProtocol.AccountAnswer>(new RegistryProtocol.GetAccount("acc_sealed_once"), TimeSpan.FromSeconds(10));
        Assert.Equal("11010519491231002X", answer.Identity!.IdNumber.Value);
    }

    /// <summary>Whether the snapshot taken at <paramref name="sequenceNr"/> exists and contains <paramref name="bytes"/>.</summary>
    private bool SnapshotHolds(long sequenceNr, byte[] bytes)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataPath, "snapshots.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT snapshot FROM snapshot WHERE sequence_number = $seq";
        command.Parameters.AddWithValue("$seq", sequenceNr);
        return command.ExecuteScalar() is byte[] snapshot && snapshot.AsSpan().IndexOf(bytes) >= 0;
    }
}
