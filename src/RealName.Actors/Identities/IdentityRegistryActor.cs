using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using RealName.Actors.Serialization;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;

namespace RealName.Actors.Identities;

/// <summary>
/// The cluster-wide uniqueness authority (a singleton). Every claim is decided against both
/// indexes and recorded in an event before its verdict leaves, so two racing sessions can
/// never both win one ID, and one account can never win two.
/// </summary>
/// <remarks>
/// Claims are decided and written in batches (one journal transaction each), and every verdict of a batch
/// leaves only after the whole batch is stored; a granted claim's personal values are sealed once, when
/// decided (see docs/adr/0003-registry-indexes-and-snapshots.md).
/// </remarks>
public sealed class IdentityRegistryActor : ReceivePersistentActor
{
    public const string RegistryPersistenceId = "identity-registry";

    /// <summary>
    /// Tag on the registry events the results projection turns into <c>account.*</c> webhooks: a moved
    /// claim (revoked), an enterprise over a personal identity (upgraded), an erasure. Plain claims
    /// stay untagged, so the projection never reads the registry's millions of them.
    /// </summary>
    public const string AccountEventsTag = "account";

    private static readonly string[] AccountTags = [AccountEventsTag];

    /// <summary>Claims decided per journal write at most; bounds one transaction and the latency of its first claim.</summary>
    public const int MaxBatch = 1000;

    /// <summary>A snapshot is due after at least this fraction of the registry's size in events (see <see cref="SnapshotWhenDue"/>).</summary>
    private const int SnapshotFraction = 20;

    /// <summary>
    /// The node's floor of events between snapshots: at ≈ 20 µs an event, at most ≈ 0.4 s of replay, while a small registry
    /// does not rewrite all its claims every thousand (measured: 16 snapshots in 23 s of P1 on PostgreSQL, ≈ 100 ms of
    /// server time each; docs/adr/0003-registry-indexes-and-snapshots.md).
    /// </summary>
    public const int DefaultSnapshotEvery = 20_000;

    private readonly int _snapshotEvery;
    private readonly SensitiveEnvelopes? _envelopes;
    private readonly TimeProvider _clock;
    private readonly Queue<(Decision Decide, IActorRef ReplyTo)> _queued = new();
    private RegistryState _state = RegistryState.Empty;
    private bool _writing;
    private long _eventsSinceSnapshot;

    public IdentityRegistryActor(TimeProvider clock, int snapshotEvery = DefaultSnapshotEvery)
    {
        _clock = clock;
        _snapshotEvery = snapshotEvery;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is RegistryProtocol.Snapshot snapshot)
                _state = RegistryState.From(snapshot.Identities, snapshot.Revocations, snapshot.Enterprises);
        });
        Recover<RegistryEvents.IRegistryEvent>(e =>
        {
            _state = RegistryRules.Apply(_state, e);
            _eventsSinceSnapshot++;
        });

        _envelopes = SensitiveEnvelopes.From(Context.System.Settings.Setup);

        Command<RegistryProtocol.Claim>(claim => Enqueue((state, now) => Answer(RegistryRules.Decide(state, claim.Request, now))));
        Command<RegistryProtocol.MoveClaim>(move => Enqueue((state, now) => Answer(RegistryRules.DecideMove(state, move.Request, now))));
        Command<RegistryProtocol.EnterpriseClaim>(claim => Enqueue((state, now) => Answer(RegistryRules.DecideEnterprise(state, claim.Request, now))));
        Command<RegistryProtocol.EraseAccount>(OnErase);
        Command<RegistryProtocol.CheckEnterprise>(c =>
            Sender.Tell(ToVerdict(RegistryRules.CheckEnterprise(_state, c.CreditKey, new AccountId(c.AccountId), c.MaxAccounts))));
        // Checks and lookups read only stored state: a claim still being written is not an answer yet.
        Command<RegistryProtocol.Check>(c =>
            Sender.Tell(ToVerdict(RegistryRules.Check(_state, c.IdKey, new AccountId(c.AccountId)))));
        Command<RegistryProtocol.GetAccount>(g => Sender.Tell(new RegistryProtocol.AccountAnswer(
            _state.ByAccount.GetValueOrDefault(new AccountId(g.AccountId)), _state.Revoked.GetValueOrDefault(new AccountId(g.AccountId)),
            _state.Enterprises.GetValueOrDefault(new AccountId(g.AccountId)))));
        Command<RegistryProtocol.GetStats>(_ =>
            Sender.Tell(new RegistryProtocol.Stats(_state.ByAccount.Count, _state.ByIdKey.Count, _state.Revoked.Count, LastSequenceNr)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => RegistryPersistenceId;

    /// <summary>
    /// Queues a command that may record an event (a claim; any such command must go through this
    /// queue so that it is decided in order with the claims); writes at once unless a batch is in flight.
    /// </summary>
    private void Enqueue(Decision decide)
    {
        _queued.Enqueue((decide, Sender));
        if (!_writing)
            WriteQueued();
    }

    /// <summary>
    /// Decides up to <see cref="MaxBatch"/> queued commands and writes their events in one go; the
    /// verdicts leave when the last event is stored, and the next batch starts from there.
    /// </summary>
    private void WriteQueued()
    {
        var now = _clock.GetUtcNow();
        var decided = _state;
        var events = new List<object>();
        var verdicts = new List<(IActorRef ReplyTo, object Answer)>();
        while (verdicts.Count < MaxBatch && _queued.TryDequeue(out var queued))
        {
            var (answer, recorded) = queued.Decide(decided, now);
            if (recorded is not null)
            {
                recorded = Sealed(recorded);
                events.Add(IsAccountChange(decided, recorded) ? new Tagged(recorded, AccountTags) : recorded);
                decided = RegistryRules.Apply(decided, recorded);
            }
            verdicts.Add((queued.ReplyTo, answer));
        }

        if (events.Count == 0)
        {
            // Nothing new to record: every verdict rests on stored state alone.
            Reply(verdicts);
            if (_queued.Count > 0)
                WriteQueued();
            return;
        }

        _writing = true;
        var stored = 0;
        var startedAt = Telemetry.RealNameMetrics.Start();
        PersistAllAsync(events, _ =>
        {
            _eventsSinceSnapshot++;
            if (++stored < events.Count)
                return;
            // The batch is stored: the state it was decided on is the state now (each event applied once, above).
            _state = decided;
            Telemetry.RealNameMetrics.RegistryBatchStored(startedAt, verdicts.Select(v => v.Answer).OfType<RegistryProtocol.Verdict>().Select(v => v.RefusalCode));
            Reply(verdicts);
            _writing = false;
            SnapshotWhenDue();
            if (_queued.Count > 0)
                WriteQueued();
        });
    }

    /// <summary>
    /// Erasure goes through the claim queue like a claim, so it is decided in order with the claims
    /// around it (a claim still being written is erased too); the account keeps its claims.
    /// </summary>
    private void OnErase(RegistryProtocol.EraseAccount erase)
    {
        var account = new AccountId(erase.AccountId);
        Enqueue((state, now) =>
        {
            var recorded = RegistryRules.DecideErase(state, account, now) is { } erased ? erased with { By = erase.By } : null;
            var kept = state.ByAccount.ContainsKey(account) || state.Revoked.ContainsKey(account) || state.Enterprises.ContainsKey(account);
            return (new RegistryProtocol.Erased(recorded is not null, kept), recorded);
        });
    }

    /// <summary>Whether <paramref name="e"/>, decided on <paramref name="before"/>, changes an account as <c>account.*</c> webhooks tell it.</summary>
    public static bool IsAccountChange(RegistryState before, RegistryEvents.IRegistryEvent e) => e switch
    {
        RegistryEvents.ClaimMoved or RegistryEvents.AccountErased => true,
        RegistryEvents.EnterpriseClaimed c => before.ByAccount.ContainsKey(c.Enterprise.AccountId),
        _ => false,
    };

    /// <summary>The event with its new personal values sealed (see the remarks on the class).</summary>
    private RegistryEvents.IRegistryEvent Sealed(RegistryEvents.IRegistryEvent recorded)
    {
        if (_envelopes is not { } envelopes)
            return recorded;
        AccountIdentity Seal(AccountIdentity i) => i with { Name = envelopes.Seal(i.Name), IdNumber = envelopes.Seal(i.IdNumber) };
        return recorded switch
        {
            RegistryEvents.IdentityClaimed e => new RegistryEvents.IdentityClaimed(Seal(e.Identity)),
            RegistryEvents.ClaimMoved e => e with { Identity = Seal(e.Identity) },
            RegistryEvents.EnterpriseClaimed e when e.Enterprise.LegalPersonName is { } name =>
                new RegistryEvents.EnterpriseClaimed(e.Enterprise with { LegalPersonName = envelopes.Seal(name) }),
            _ => recorded,
        };
    }

    private static void Reply(List<(IActorRef ReplyTo, object Answer)> answers)
    {
        foreach (var (replyTo, answer) in answers)
            replyTo.Tell(answer);
    }

    /// <summary>
    /// Every <c>snapshotEvery</c> events, but never more often than every twentieth of the registry's
    /// size: a fixed interval would make snapshots quadratic, and a twentieth bounds replay after the
    /// snapshot (see docs/adr/0003-registry-indexes-and-snapshots.md).
    /// </summary>
    private void SnapshotWhenDue()
    {
        if (_eventsSinceSnapshot < Math.Max(_snapshotEvery, _state.ByAccount.Count / SnapshotFraction))
            return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(new RegistryProtocol.Snapshot(_state.ByAccount.Values.ToList(), _state.Revoked.Values.ToList(), _state.Enterprises.Values.ToList()));
    }

    private static RegistryProtocol.Verdict ToVerdict(ClaimVerdict verdict) =>
        new(verdict.RefusalCode, verdict.Owner?.Value);

    private static (object Answer, RegistryEvents.IRegistryEvent? Event) Answer<TEvent>((ClaimVerdict Verdict, TEvent? Event) decided)
        where TEvent : class, RegistryEvents.IRegistryEvent =>
        (ToVerdict(decided.Verdict), decided.Event);

    /// <summary>A queued command's pure decision against the state it is decided on: the answer, and the event to record if any.</summary>
    private delegate (object Answer, RegistryEvents.IRegistryEvent? Event) Decision(RegistryState state, DateTimeOffset now);
}
