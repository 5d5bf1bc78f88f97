using Akka.Actor;
using Akka.Persistence;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;

namespace RealName.Actors.Identities;

/// <summary>
/// The cluster-wide uniqueness authority (a singleton). Every claim is decided against both
/// indexes and recorded in one event before the verdict leaves, so two racing sessions can
/// never both win one ID, and one account can never win two.
/// </summary>
public sealed class IdentityRegistryActor : ReceivePersistentActor
{
    public const string RegistryPersistenceId = "identity-registry";

    private readonly int _snapshotEvery;
    private readonly TimeProvider _clock;
    private RegistryState _state = RegistryState.Empty;

    public IdentityRegistryActor(TimeProvider clock, int snapshotEvery = 1000)
    {
        _clock = clock;
        _snapshotEvery = snapshotEvery;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is RegistryProtocol.Snapshot snapshot)
                _state = snapshot.Identities.Aggregate(RegistryState.Empty, (s, i) => RegistryRules.Apply(s, new RegistryEvents.IdentityClaimed(i)));
        });
        Recover<RegistryEvents.IdentityClaimed>(e => _state = RegistryRules.Apply(_state, e));

        Command<RegistryProtocol.Claim>(OnClaim);
        Command<RegistryProtocol.Check>(c =>
            Sender.Tell(ToVerdict(RegistryRules.Check(_state, c.IdKey, new AccountId(c.AccountId)))));
        Command<RegistryProtocol.GetAccount>(g =>
            Sender.Tell(new RegistryProtocol.AccountAnswer(_state.ByAccount.GetValueOrDefault(new AccountId(g.AccountId)))));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => RegistryPersistenceId;

    private void OnClaim(RegistryProtocol.Claim claim)
    {
        var (verdict, claimed) = RegistryRules.Decide(_state, claim.Request, _clock.GetUtcNow());
        if (claimed is null)
        {
            Sender.Tell(ToVerdict(verdict));
            return;
        }
        Persist(claimed, e =>
        {
            _state = RegistryRules.Apply(_state, e);
            Sender.Tell(ToVerdict(verdict));
            if (LastSequenceNr % _snapshotEvery == 0)
                SaveSnapshot(new RegistryProtocol.Snapshot(_state.ByAccount.Values.ToList()));
        });
    }

    private static RegistryProtocol.Verdict ToVerdict(ClaimVerdict verdict) =>
        new(verdict.RefusalCode, verdict.Owner?.Value);
}
