using System.Text.Json.Serialization;
using RealName.Actors.Appeals;
using RealName.Actors.Identities;
using RealName.Domain.Appeals;
using RealName.Actors.Sessions;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;

namespace RealName.Actors.Serialization;

/// <summary>Source-generated System.Text.Json metadata for every serialized type: no reflection, no <c>$type</c>.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SessionEvents.Created))]
[JsonSerializable(typeof(SessionEvents.IdentityAccepted))]
[JsonSerializable(typeof(SessionEvents.InputRejected))]
[JsonSerializable(typeof(SessionEvents.QrIssued))]
[JsonSerializable(typeof(SessionEvents.QrScanned))]
[JsonSerializable(typeof(SessionEvents.FaceFailed))]
[JsonSerializable(typeof(SessionEvents.FacePassed))]
[JsonSerializable(typeof(SessionEvents.Verified))]
[JsonSerializable(typeof(SessionEvents.Failed))]
[JsonSerializable(typeof(SessionEvents.Expired))]
[JsonSerializable(typeof(SessionEvents.Canceled))]
[JsonSerializable(typeof(RegistryEvents.IdentityClaimed))]
[JsonSerializable(typeof(RegistryProtocol.Snapshot))]
[JsonSerializable(typeof(RegistryProtocol.Claim))]
[JsonSerializable(typeof(RegistryProtocol.Check))]
[JsonSerializable(typeof(RegistryProtocol.GetAccount))]
[JsonSerializable(typeof(RegistryProtocol.Verdict))]
[JsonSerializable(typeof(RegistryProtocol.AccountAnswer))]
[JsonSerializable(typeof(SessionProtocol.Create))]
[JsonSerializable(typeof(SessionProtocol.Get))]
[JsonSerializable(typeof(SessionProtocol.SubmitIdentity))]
[JsonSerializable(typeof(SessionProtocol.RefreshQr))]
[JsonSerializable(typeof(SessionProtocol.GetQrSecret))]
[JsonSerializable(typeof(SessionProtocol.Scan))]
[JsonSerializable(typeof(SessionProtocol.FaceResult))]
[JsonSerializable(typeof(SessionProtocol.Cancel))]
[JsonSerializable(typeof(SessionProtocol.WakeUp))]
[JsonSerializable(typeof(SessionProtocol.Stop))]
[JsonSerializable(typeof(SessionProtocol.SessionReply))]
[JsonSerializable(typeof(SessionEvents.CodeSent))]
[JsonSerializable(typeof(SessionEvents.CodeRejected))]
[JsonSerializable(typeof(SessionEvents.DetailsConfirmed))]
[JsonSerializable(typeof(SessionEvents.RiskEscalated))]
[JsonSerializable(typeof(SessionProtocol.SubmitCode))]
[JsonSerializable(typeof(SessionProtocol.ResendCode))]
[JsonSerializable(typeof(SessionProtocol.Authorize))]
[JsonSerializable(typeof(RegistryProtocol.MoveClaim))]
[JsonSerializable(typeof(RegistryEvents.ClaimMoved))]
[JsonSerializable(typeof(AppealEvents.AppealOpened))]
[JsonSerializable(typeof(AppealEvents.AppealApproved))]
[JsonSerializable(typeof(AppealEvents.AppealRejected))]
[JsonSerializable(typeof(AppealProtocol.Snapshot), TypeInfoPropertyName = "AppealSnapshot")]
[JsonSerializable(typeof(AppealProtocol.Open), TypeInfoPropertyName = "AppealOpen")]
[JsonSerializable(typeof(AppealProtocol.Get), TypeInfoPropertyName = "AppealGet")]
[JsonSerializable(typeof(AppealProtocol.List), TypeInfoPropertyName = "AppealList")]
[JsonSerializable(typeof(AppealProtocol.Approve), TypeInfoPropertyName = "AppealApprove")]
[JsonSerializable(typeof(AppealProtocol.Reject), TypeInfoPropertyName = "AppealReject")]
[JsonSerializable(typeof(AppealProtocol.AppealReply), TypeInfoPropertyName = "AppealAppealReply")]
[JsonSerializable(typeof(AppealProtocol.AppealList), TypeInfoPropertyName = "AppealAppealList")]
[JsonSerializable(typeof(RegistryProtocol.GetStats))]
[JsonSerializable(typeof(RegistryProtocol.Stats))]
internal sealed partial class RealNameJsonContext : JsonSerializerContext;
