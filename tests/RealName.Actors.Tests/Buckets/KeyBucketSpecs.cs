using Akka.Actor;
using Microsoft.Extensions.Time.Testing;
using RealName.Actors.Buckets;
using RealName.Actors.Budgets;
using RealName.Actors.Idempotency;
using RealName.Actors.Tests.Infrastructure;
using RealName.Domain.Budgets;
using RealName.Domain.Security;

namespace RealName.Actors.Tests.Buckets;

public sealed class KeyBucketSpecs : ShardingActorSpec
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMilliseconds(200);
    private static readonly BudgetLimit[] OnePerHour = [new(1, TimeSpan.FromHours(1))];
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly IActorRef _keys;
    private readonly IActorRef _budgets;

    public KeyBucketSpecs(ITestOutputHelper output)
        : base(output)
    {
        _keys = StartRegion("idempotency", IdempotencyBucket.Props(_clock, SweepEvery), BucketsHosting.Extractor(), IdempotencyProtocol.Stop.Instance);
        _budgets = StartRegion("budget", BudgetBucket.Props(_clock, SweepEvery), BucketsHosting.Extractor(), BudgetProtocol.Stop.Instance);
    }

    private static string Key(int i) => "idem." + i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    private static int Bucket(string key) => KeyBuckets.Of(key, BucketsHosting.Buckets);

    /// <summary>Two keys of one bucket, and one of another.</summary>
    private static (string First, string Twin, string Elsewhere) KeysByBucket()
    {
        var first = Key(0);
        var twin = Enumerable.Range(1, 100_000).Select(Key).First(key => Bucket(key) == Bucket(first));
        var elsewhere = Enumerable.Range(1, 100).Select(Key).First(key => Bucket(key) != Bucket(first));
        return (first, twin, elsewhere);
    }

    private IdempotencyProtocol.Started Start(string key, string requestHash)
    {
        _keys.Tell(new IdempotencyProtocol.Start(key, requestHash, 60_000));
        return ExpectMsg<IdempotencyProtocol.Started>();
    }

    /// <summary>Completes the key, and waits until its bucket has kept the answer (before a test moves the clock).</summary>
    private void Complete(string key, string requestHash, string body)
    {
        _keys.Tell(new IdempotencyProtocol.Complete(key, requestHash, (long)TimeSpan.FromHours(24).TotalMilliseconds, 201, "application/json", null, null, new Sensitive(body)));
        ExpectMsg<IdempotencyProtocol.Kept>();
    }

    private bool Spend(string key)
    {
        _budgets.Tell(new BudgetProtocol.Spend(key, OnePerHour));
        return ExpectMsg<BudgetProtocol.Spent>().Granted;
    }

    [Fact]
    public void Should_route_a_key_to_the_same_bucket_and_shard_in_every_process()
    {
        // Pinned: a per-process hash (string.GetHashCode) would send another node's retry elsewhere.
        var extractor = BucketsHosting.Extractor();
        var spend = new BudgetProtocol.Spend("sms-phone.0123456789abcdef0123456789abcdef", OnePerHour);

        Assert.Equal(920, Bucket("idem.0123456789abcdef0123456789abcdef"));
        Assert.Equal("547", extractor.EntityId(spend));
        Assert.Equal("47", extractor.ShardId(spend));
    }

    [Fact]
    public void Should_hold_many_keys_in_at_most_the_bucket_count_of_entities()
    {
        for (var i = 0; i < 2_000; i++)
            Assert.Equal("Fresh", Start(Key(i), "h").Outcome);

        var entities = EntityIds(_keys);
        Assert.InRange(entities.Count, 1, BucketsHosting.Buckets);
        Assert.Equal(Enumerable.Range(0, 2_000).Select(i => Bucket(Key(i))).Distinct().Count(), entities.Count);
        Assert.Equal("Conflict", Start(Key(1_999), "other").Outcome); // every key kept its own record
    }

    [Fact]
    public void Should_keep_two_keys_of_one_bucket_apart()
    {
        var (first, twin, _) = KeysByBucket();
        Start(first, "h1");
        Complete(first, "h1", "{\"id\":\"vs_first\"}");

        Assert.Equal("Fresh", Start(twin, "h2").Outcome);
        var replay = Start(first, "h1");
        Assert.Equal("Replay", replay.Outcome);
        Assert.Equal("{\"id\":\"vs_first\"}", replay.Body!.Value.Value);

        var budget = "sms-phone." + first[5..];
        var sameBucket = Enumerable.Range(1, 100_000).Select(i => budget + i).First(key => Bucket(key) == Bucket(budget));
        Assert.True(Spend(budget));
        Assert.False(Spend(budget));
        Assert.True(Spend(sameBucket));
    }

    [Fact]
    public void Should_sweep_an_expired_budget_and_spend_afresh_after_it()
    {
        const string key = "sms-phone.0123456789abcdef0123456789abcdef";
        Assert.True(Spend(key));
        Assert.False(Spend(key));

        _clock.Advance(TimeSpan.FromHours(1));
        AwaitAssert(() => Assert.Empty(EntityIds(_budgets)), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

        Assert.True(Spend(key));
        Assert.False(Spend(key));
    }

    [Fact]
    public void Should_passivate_a_bucket_with_no_records_and_keep_one_that_holds_a_live_one()
    {
        var (first, _, elsewhere) = KeysByBucket();
        Start(first, "h1");
        Complete(first, "h1", "{}");
        _clock.Advance(TimeSpan.FromHours(12));
        Start(elsewhere, "h2");
        Complete(elsewhere, "h2", "{}");

        _clock.Advance(TimeSpan.FromHours(12)); // the first key's 24 h are over, the other's are not
        var live = Bucket(elsewhere).ToString(System.Globalization.CultureInfo.InvariantCulture);
        AwaitAssert(() => Assert.Equal(new[] { live }, EntityIds(_keys)), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

        Assert.Equal("Fresh", Start(first, "h1").Outcome);
        Assert.Equal("Replay", Start(elsewhere, "h2").Outcome);
    }
}
