using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;
using RealName.Actors.Appeals;
using RealName.Actors.Budgets;
using RealName.Actors.Erasure;
using RealName.Actors.Idempotency;
using RealName.Actors.Identities;
using RealName.Actors.Security;
using RealName.Actors.Sessions;
using RealName.Domain.Appeals;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;

namespace RealName.Actors.Serialization;

/// <summary>
/// The one serializer for RealName's persisted events, snapshots and cluster messages:
/// System.Text.Json (source-generated) with short manifests that must never be renamed.
/// A type without a manifest is refused rather than falling back to reflection. The registry's
/// snapshot, a million claims, is binary instead (<see cref="RegistrySnapshotCodec"/>).
/// </summary>
public sealed class RealNameSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 4711;

    /// <summary>Manifest per type. Append only; a manifest once written to a journal is forever.</summary>
    private static readonly FrozenDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        [typeof(SessionEvents.Created)] = "se.created",
        [typeof(SessionEvents.IdentityAccepted)] = "se.identity",
        [typeof(SessionEvents.InputRejected)] = "se.rejected",
        [typeof(SessionEvents.QrIssued)] = "se.qr",
        [typeof(SessionEvents.QrScanned)] = "se.scanned",
        [typeof(SessionEvents.FaceFailed)] = "se.face-failed",
        [typeof(SessionEvents.FacePassed)] = "se.face-passed",
        [typeof(SessionEvents.Verified)] = "se.verified",
        [typeof(SessionEvents.Failed)] = "se.failed",
        [typeof(SessionEvents.Expired)] = "se.expired",
        [typeof(SessionEvents.Canceled)] = "se.canceled",
        [typeof(RegistryEvents.IdentityClaimed)] = "re.claimed",
        [typeof(RegistryProtocol.Snapshot)] = RegistrySnapshotCodec.Manifest,
        [typeof(RegistryProtocol.Claim)] = "rp.claim",
        [typeof(RegistryProtocol.Check)] = "rp.check",
        [typeof(RegistryProtocol.GetAccount)] = "rp.get-account",
        [typeof(RegistryProtocol.Verdict)] = "rp.verdict",
        [typeof(RegistryProtocol.AccountAnswer)] = "rp.account",
        [typeof(SessionProtocol.Create)] = "sp.create",
        [typeof(SessionProtocol.Get)] = "sp.get",
        [typeof(SessionProtocol.SubmitIdentity)] = "sp.identity",
        [typeof(SessionProtocol.RefreshQr)] = "sp.refresh-qr",
        [typeof(SessionProtocol.GetQrSecret)] = "sp.qr-secret",
        [typeof(SessionProtocol.Scan)] = "sp.scan",
        [typeof(SessionProtocol.FaceResult)] = "sp.face",
        [typeof(SessionProtocol.Cancel)] = "sp.cancel",
        [typeof(SessionProtocol.WakeUp)] = "sp.wake",
        [typeof(SessionProtocol.Stop)] = "sp.stop",
        [typeof(SessionProtocol.SessionReply)] = "sp.reply",
        [typeof(SessionEvents.CodeSent)] = "se.code-sent",
        [typeof(SessionEvents.CodeRejected)] = "se.code-rejected",
        [typeof(SessionEvents.DetailsConfirmed)] = "se.confirmed",
        [typeof(SessionEvents.RiskEscalated)] = "se.escalated",
        [typeof(SessionProtocol.SubmitCode)] = "sp.code",
        [typeof(SessionProtocol.ResendCode)] = "sp.resend",
        [typeof(SessionProtocol.Authorize)] = "sp.authorize",
        [typeof(RegistryProtocol.MoveClaim)] = "rp.move",
        [typeof(RegistryEvents.ClaimMoved)] = "re.moved",
        [typeof(AppealEvents.AppealOpened)] = "ae.opened",
        [typeof(AppealEvents.AppealApproved)] = "ae.approved",
        [typeof(AppealEvents.AppealRejected)] = "ae.rejected",
        [typeof(AppealProtocol.Snapshot)] = "ae.snapshot",
        [typeof(AppealProtocol.Open)] = "ap.open",
        [typeof(AppealProtocol.Get)] = "ap.get",
        [typeof(AppealProtocol.List)] = "ap.list",
        [typeof(AppealProtocol.Approve)] = "ap.approve",
        [typeof(AppealProtocol.Reject)] = "ap.reject",
        [typeof(AppealProtocol.AppealReply)] = "ap.reply",
        [typeof(AppealProtocol.AppealList)] = "ap.replies",
        [typeof(SessionEvents.EnterpriseAccepted)] = "se.enterprise",
        [typeof(SessionEvents.AmountSent)] = "se.amount-sent",
        [typeof(SessionEvents.AmountRejected)] = "se.amount-rejected",
        [typeof(SessionProtocol.SubmitEnterprise)] = "sp.enterprise",
        [typeof(SessionProtocol.SubmitAmount)] = "sp.amount",
        [typeof(RegistryProtocol.EnterpriseClaim)] = "rp.enterprise-claim",
        [typeof(RegistryProtocol.CheckEnterprise)] = "rp.check-enterprise",
        [typeof(RegistryEvents.EnterpriseClaimed)] = "re.enterprise",
        [typeof(RegistryProtocol.GetStats)] = "rp.get-stats",
        [typeof(RegistryProtocol.Stats)] = "rp.stats",
        [typeof(SessionEvents.PersonalDataErased)] = "se.erased",
        [typeof(RegistryEvents.AccountErased)] = "re.erased",
        [typeof(AppealEvents.AppellantErased)] = "ae.erased",
        [typeof(RegistryProtocol.EraseAccount)] = "rp.erase",
        [typeof(RegistryProtocol.Erased)] = "rp.erased",
        [typeof(AppealProtocol.EraseAppellant)] = "ap.erase",
        [typeof(AppealProtocol.ErasedAppeals)] = "ap.erased",
        [typeof(SubjectErasure.SubjectErased)] = "sk.erased",
        [typeof(SessionProtocol.ForgetAccount)] = "sp.forget",
        [typeof(SessionProtocol.ForgetAccountInBucket)] = "sp.forget-bucket",
        [typeof(SessionProtocol.IdleOpen)] = "sp.idle-open",
        [typeof(BudgetProtocol.Spend)] = "bp.spend",
        [typeof(BudgetProtocol.Spent)] = "bp.spent",
        [typeof(BudgetProtocol.Stop)] = "bp.stop",
        [typeof(IdempotencyProtocol.Start)] = "ip.start",
        [typeof(IdempotencyProtocol.Started)] = "ip.started",
        [typeof(IdempotencyProtocol.Complete)] = "ip.complete",
        [typeof(IdempotencyProtocol.Kept)] = "ip.kept",
        [typeof(IdempotencyProtocol.Stop)] = "ip.stop",
    }.ToFrozenDictionary();

    /// <summary>Manifests no longer written but still read: the registry's JSON snapshots before <see cref="RegistrySnapshotCodec"/>.</summary>
    private static readonly FrozenDictionary<string, Type> Retired = new Dictionary<string, Type>
    {
        ["re.snapshot"] = typeof(RegistryProtocol.Snapshot),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Type> Types = Manifests
        .Where(kv => kv.Key != typeof(RegistryProtocol.Snapshot))
        .Select(kv => KeyValuePair.Create(kv.Value, kv.Key))
        .Concat(Retired)
        .ToFrozenDictionary();

    private readonly JsonSerializerOptions _options;
    private readonly RegistrySnapshotCodec _registrySnapshots;

    public RealNameSerializer(ExtendedActorSystem system) : base(system)
    {
        Envelopes = SensitiveEnvelopes.From(system.Settings.Setup)
            ?? throw new InvalidOperationException("RealNameSecrets must be part of the ActorSystem setup: personal data cannot be persisted without a key.");
        _options = new JsonSerializerOptions(RealNameJsonContext.Default.Options)
        {
            TypeInfoResolver = RealNameJsonContext.Default,
        };
        _options.Converters.Add(new SensitiveJsonConverter(Envelopes));
        _registrySnapshots = new RegistrySnapshotCodec(Envelopes, _options);
    }

    /// <summary>How personal values are stored (the registry seals claims with the same setup's envelopes, see <see cref="SensitiveEnvelopes.From"/>).</summary>
    private SensitiveEnvelopes Envelopes { get; }

    public override int Identifier => SerializerId;

    /// <summary>Every type this serializer handles; the hosting binds each of them to it.</summary>
    public static IEnumerable<Type> BoundTypes => Manifests.Keys.Append(typeof(AttributedEvent));

    /// <summary>An <see cref="AttributedEvent"/> keeps its event's manifest: the name travels inside the JSON (see <see cref="AttributedJson"/>).</summary>
    public override string Manifest(object o) =>
        Manifests.TryGetValue(o is AttributedEvent a ? a.Event.GetType() : o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"Type {o.GetType().Name} is not registered with {nameof(RealNameSerializer)}.", nameof(o));

    public override byte[] ToBinary(object obj) => obj switch
    {
        RegistryProtocol.Snapshot snapshot => _registrySnapshots.Write(snapshot),
        AttributedEvent a => AttributedJson.Write(JsonSerializer.SerializeToUtf8Bytes(a.Event, a.Event.GetType(), _options), a.By),
        _ => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest == RegistrySnapshotCodec.Manifest)
            return _registrySnapshots.Read(bytes);
        if (!Types.TryGetValue(manifest, out var type))
            throw new SerializationException($"Unknown manifest '{manifest}'.");
        var decoded = JsonSerializer.Deserialize(bytes, type, _options) ?? throw new SerializationException($"Manifest {manifest} decoded to null.");
        return decoded is SessionEvents.ISessionEvent e && AttributedJson.Read(bytes) is { } by ? new AttributedEvent(e, by) : decoded;
    }
}
