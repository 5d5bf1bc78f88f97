using Akka.Actor;
using Akka.Cluster.Sharding;
using RealName.Domain.Idempotency;

namespace RealName.Actors.Buckets;

/// <summary>
/// One bucket of keys' records, in memory: the shared part of the budget and idempotency regions.
/// A subclass applies its pure rules to one key's record (<see cref="Find"/>, <see cref="Keep"/>);
/// this class sweeps the records past <see cref="ForgetAfter"/> every <c>sweepEvery</c> and asks to
/// be passivated once it holds none. Forgetting a record early changes nothing: past that time the
/// rules treat the key as new. Not persisted: a hand-off or a crash loses the bucket's records.
/// </summary>
public abstract class RecordBucket<TRecord> : ReceiveActor, IWithTimers
    where TRecord : class
{
    /// <summary>
    /// By the key's 128-bit fingerprint, not the key: a key is ≈ 100 bytes of string, kept as long as its
    /// record (a day, for an idempotency record). Keys are already keyed hashes, so 128 bits of them tell
    /// any two apart.
    /// </summary>
    private readonly Dictionary<UInt128, TRecord> _records = new();
    private readonly TimeSpan _sweepEvery;
    private readonly object _stop;

    protected RecordBucket(TimeProvider clock, TimeSpan sweepEvery, object stopMessage)
    {
        Clock = clock;
        _sweepEvery = sweepEvery;
        _stop = stopMessage;
        Receive<Sweep>(_ => OnSweep());
        Receive(stopMessage.GetType(), _ => Context.Stop(Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected TimeProvider Clock { get; }

    /// <summary>When the record may leave memory: from then on the rules answer as if it were not there.</summary>
    protected abstract DateTimeOffset ForgetAfter(TRecord record);

    /// <summary>Where a key's record is kept: the first 128 bits of the key's SHA-256 (<see cref="RequestFingerprints"/>).</summary>
    protected static UInt128 Slot(string key) => RequestFingerprints.Of(key);

    protected TRecord? Find(UInt128 slot) => _records.GetValueOrDefault(slot);

    /// <summary>Keeps the key's next record; null forgets the key.</summary>
    protected void Keep(UInt128 slot, TRecord? record)
    {
        if (record is null)
            _records.Remove(slot);
        else
            _records[slot] = record;
    }

    protected override void PreStart() => Timers.StartPeriodicTimer(nameof(Sweep), Sweep.Instance, _sweepEvery);

    private void OnSweep()
    {
        var now = Clock.GetUtcNow();
        foreach (var (key, record) in _records)
        {
            if (now >= ForgetAfter(record))
                _records.Remove(key);
        }
        if (_records.Count > 0)
            return;
        Timers.CancelAll();
        Context.Parent.Tell(new Passivate(_stop));
    }

    /// <summary>The bucket's own timer message; never leaves the process.</summary>
    private sealed class Sweep
    {
        public static readonly Sweep Instance = new();
    }
}
