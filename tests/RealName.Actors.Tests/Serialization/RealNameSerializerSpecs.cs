using Akka.Actor;
using Akka.Serialization;
using RealName.Actors.Appeals;
using RealName.Actors.Budgets;
using RealName.Actors.Erasure;
using RealName.Actors.Idempotency;
using RealName.Actors.Identities;
using RealName.Actors.Serialization;
using RealName.Actors.Sessions;
using RealName.Actors.Tests.Infrastructure;
using RealName.Domain.Appeals;
using RealName.Domain.Budgets;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;

namespace RealName.Actors.Tests.Serialization;

public sealed class RealNameSerializerSpecs(ITestOutputHelper output) : SqliteActorSpec(output)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionId Sid = new("vs_abcdefghijklmnopqrstuvwx");
    private static readonly AccountIdentity Identity = new(new AccountId("acc_1"), "key", Sid, VerificationMethod.Face, new Sensitive("张三"), new Sensitive("11010519491231002X"), T0);
    private static readonly Appeal Appeal = new("ap_1", new AccountId("acc_2"), new Sensitive("张三"), new Sensitive("11010519491231002X"), "key",
        new Sensitive("a@b.c"), "mine", new AccountId("acc_1"), AppealStatus.Pending, T0);
    private static readonly EnterpriseDetails Enterprise = new(SubjectType.Enterprise, "测试有限公司", "91350100M000100Y43", "ckey", null, null, "ICBC", new Sensitive("1234567890"));
    private static readonly SessionProtocol.SessionView View = new(Sid.Value, "acc_1", VerificationMethod.Face, SessionStatus.Scanned, T0, T0, "*三", "110***********002X", T0, true, null, null);

    private static readonly object[] SampleMessages =
    [
        new SessionEvents.Created(Sid, new AccountId("acc_1"), VerificationMethod.Face, "h", T0, T0.AddMinutes(30)),
        new SessionEvents.IdentityAccepted(new Sensitive("张三"), new Sensitive("11010519491231002X"), "key", T0),
        new SessionEvents.IdentityAccepted(new Sensitive("张三"), new Sensitive("11010519491231002X"), "key", T0, Qr: new SessionEvents.IssuedSecret("qr-hash", T0.AddMinutes(2))),
        new SessionEvents.IdentityAccepted(new Sensitive("张三"), new Sensitive("11010519491231002X"), "key", T0, new Sensitive("13800138000"), Code: new SessionEvents.IssuedSecret("code-hash", T0.AddMinutes(5))),
        new SessionEvents.InputRejected(ErrorCodes.NameIdMismatch, T0),
        new SessionEvents.QrIssued("hash", T0, T0),
        new SessionEvents.QrScanned(new Sensitive("app", "acc_1"), T0),
        new SessionEvents.QrScanned(new Sensitive("app", "acc_1"), T0, FaceCheckHash: "face-hash", FaceCheckExpiresAt: T0.AddMinutes(5)),
        new SessionEvents.FaceFailed(ErrorCodes.FaceMismatch, "ref", T0),
        new SessionEvents.FacePassed("ref", 0.93, T0),
        new SessionEvents.Verified(T0),
        new SessionEvents.Failed(ErrorCodes.TooManyAttempts, T0),
        new SessionEvents.Expired(T0),
        new SessionEvents.Canceled(T0),
        new RegistryEvents.IdentityClaimed(Identity),
        new RegistryProtocol.Snapshot([Identity]),
        new RegistryProtocol.Claim(new ClaimRequest("key", new AccountId("acc_1"), Sid, VerificationMethod.Face, new Sensitive("张三"), new Sensitive("11010519491231002X"))),
        new RegistryProtocol.Check("key", "acc_1"),
        new RegistryProtocol.GetAccount("acc_1"),
        new RegistryProtocol.Verdict(ErrorCodes.IdAlreadyVerified, "acc_2"),
        new RegistryProtocol.AccountAnswer(Identity),
        new SessionProtocol.Create(Sid.Value, "acc_1", VerificationMethod.Face, "h"),
        new SessionProtocol.Get(Sid.Value),
        new SessionProtocol.SubmitIdentity(Sid.Value, new Sensitive("张三"), new Sensitive("11010519491231002X")),
        new SessionProtocol.RefreshQr(Sid.Value),
        new SessionProtocol.GetQrSecret(Sid.Value),
        new SessionProtocol.Scan(Sid.Value, "hash", "app"),
        new SessionProtocol.FaceResult(Sid.Value, "hash", false, 0.2, false, "ref"),
        new SessionProtocol.Cancel(Sid.Value),
        new SessionProtocol.WakeUp(Sid.Value),
        SessionProtocol.Stop.Instance,
        new SessionProtocol.SessionReply(View, new SessionError(ErrorCodes.ResendTooSoon, "m", 42), "secret"),
        new SessionProtocol.SessionReply(View, null, null, "fc.vs_1.biz", DateTimeOffset.UnixEpoch),
        new SessionEvents.CodeSent("hash", T0, T0.AddMinutes(5), Resend: true),
        new SessionEvents.CodeRejected(ErrorCodes.CodeIncorrect, T0),
        new SessionEvents.DetailsConfirmed(T0),
        new SessionEvents.RiskEscalated(T0),
        new SessionEvents.IdentityAccepted(new Sensitive("张三"), new Sensitive("11010519491231002X"), "key", T0, new Sensitive("13800138000"), new Sensitive("6222020000000000000"), new Sensitive("jd_a")),
        new SessionProtocol.SubmitCode(Sid.Value, new Sensitive("123456")),
        new SessionProtocol.ResendCode(Sid.Value),
        new SessionProtocol.Authorize(Sid.Value),
        new SessionProtocol.SubmitIdentity(Sid.Value, null, null, null, null, new Sensitive("jd_a")),
        RegistryProtocol.GetStats.Instance,
        new RegistryProtocol.Stats(3, 3, 1, 42),
        new RegistryProtocol.MoveClaim(new MoveRequest("key", new AccountId("acc_1"), new AccountId("acc_2"), new Sensitive("张三"), new Sensitive("11010519491231002X"), "checked", "ap_1")),
        new RegistryEvents.ClaimMoved(new Revocation(new AccountId("acc_1"), "checked", "ap_1", T0, Identity), Identity with { AccountId = new AccountId("acc_2"), AppealId = "ap_1" }),
        new AppealEvents.AppealOpened(Appeal),
        new AppealEvents.AppealApproved("ap_1", "checked", T0),
        new AppealEvents.AppealRejected("ap_1", "no proof", T0),
        new AppealProtocol.Snapshot([Appeal]),
        new AppealProtocol.Open("ap_1", "acc_2", new Sensitive("张三"), new Sensitive("11010519491231002X"), "key", new Sensitive("a@b.c"), "mine"),
        new AppealProtocol.Get("ap_1"),
        AppealProtocol.List.Instance,
        new AppealProtocol.Approve("ap_1", "checked"),
        new AppealProtocol.Reject("ap_1", "no proof"),
        new AppealProtocol.AppealReply(AppealProtocol.ToView(Appeal), null),
        new AppealProtocol.AppealList([AppealProtocol.ToView(Appeal)]),
        new SessionEvents.EnterpriseAccepted(Enterprise, T0),
        new SessionEvents.AmountSent("hash", T0),
        new SessionEvents.AmountRejected(T0),
        new SessionProtocol.SubmitEnterprise(Sid.Value, SubjectType.Enterprise, "测试有限公司", "91350100M000100Y43", new Sensitive("张三"), new Sensitive("11010519491231002X")),
        new SessionProtocol.SubmitAmount(Sid.Value, new Sensitive("37"), new Sensitive("K7Q2XM")),
        new RegistryProtocol.EnterpriseClaim(new EnterpriseClaimRequest(new AccountId("acc_1"), Sid, VerificationMethod.CorporateAccount, Enterprise, 1)),
        new RegistryProtocol.CheckEnterprise("ckey", "acc_1", 1),
        new RegistryEvents.EnterpriseClaimed(new EnterpriseRecord(new AccountId("acc_1"), "ckey", Sid, VerificationMethod.LegalPersonFace, SubjectType.IndividualBusiness, "测试有限公司", "91350100M000100Y43", new Sensitive("张三"), T0)),
        new SessionEvents.PersonalDataErased(T0),
        new SessionEvents.IdentityAccepted(new Sensitive("张三", "acc_1"), new Sensitive("11010519491231002X", "acc_1"), "key", T0),
        new SessionEvents.IdentityAccepted(Sensitive.Erased("acc_1"), Sensitive.Erased("acc_1"), "key", T0),
        new RegistryEvents.AccountErased(new AccountId("acc_1"), T0),
        new AppealEvents.AppellantErased(new AccountId("acc_2"), T0),
        new RegistryProtocol.EraseAccount("acc_1"),
        new RegistryProtocol.Erased(true, true),
        new AppealProtocol.EraseAppellant("acc_2"),
        new AppealProtocol.ErasedAppeals(2),
        new SubjectErasure.SubjectErased("acc_1", T0),
        new SessionProtocol.ForgetAccount(Sid.Value, "acc_1", T0),
        new SessionProtocol.ForgetAccountInBucket("17", "acc_1", T0, "alice"),
        new SessionProtocol.IdleOpen(Sid.Value, T0),
        new AttributedEvent(new SessionEvents.QrScanned(new Sensitive("app_1", "acc_1"), T0, FaceCheckHash: "face-hash", FaceCheckExpiresAt: T0), "web"),
        new AttributedEvent(new SessionEvents.Created(Sid, new AccountId("acc_1"), VerificationMethod.Face, "h", T0, T0.AddMinutes(30)), "we\"b \u0001"),
        new SessionProtocol.Scan(Sid.Value, "hash", "app", Callers.App),
        new AppealEvents.AppealApproved("ap_1", "checked", T0, "alice"),
        new AppealProtocol.Approve("ap_1", "checked", "alice"),
        new RegistryEvents.AccountErased(new AccountId("acc_1"), T0, "alice"),
        new SubjectErasure.SubjectErased("acc_1", T0, "alice"),
        new BudgetProtocol.Spend("sms-phone.0123456789abcdef0123456789abcdef", [new BudgetLimit(5, TimeSpan.FromHours(1)), new BudgetLimit(10, TimeSpan.FromDays(1))]),
        new BudgetProtocol.Spent(false, 42_000),
        BudgetProtocol.Stop.Instance,
        new IdempotencyProtocol.Start("idem.0123456789abcdef0123456789abcdef", "hash", 60_000),
        new IdempotencyProtocol.Started("Replay", 201, "application/json", "/v1/sessions/vs_1", "1", new Sensitive("{\"id\":\"vs_1\"}")),
        new IdempotencyProtocol.Complete("idem.0123456789abcdef0123456789abcdef", "hash", 86_400_000, 200, "application/json", null, null, new Sensitive("{}")),
        IdempotencyProtocol.Kept.Instance,
        IdempotencyProtocol.Stop.Instance,
    ];

    public static TheoryData<object> Samples() => new(SampleMessages);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Should_round_trip_through_realname_serializer(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<RealNameSerializer>(serializer);

        var bytes = serializer.ToBinary(message);
        var back = ((SerializerWithStringManifest)serializer).FromBinary(bytes, Akka.Serialization.Serialization.ManifestFor(serializer, message));

        if (message is RegistryProtocol.Snapshot snapshot)
            Assert.Equal(snapshot.Identities, ((RegistryProtocol.Snapshot)back).Identities);
        else if (message is AppealProtocol.Snapshot appeals)
            Assert.Equal(appeals.Appeals, ((AppealProtocol.Snapshot)back).Appeals);
        else if (message is BudgetProtocol.Spend spend)
        {
            Assert.Equal((spend.Key, spend.Cost), (((BudgetProtocol.Spend)back).Key, ((BudgetProtocol.Spend)back).Cost));
            Assert.Equal(spend.Limits, ((BudgetProtocol.Spend)back).Limits);
        }
        else if (message is AppealProtocol.AppealList list)
            Assert.Equal(list.Appeals, ((AppealProtocol.AppealList)back).Appeals);
        else
            Assert.Equal(message, back);
    }

    [Fact]
    public void Should_keep_the_budget_messages_on_their_fixed_manifests()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(BudgetProtocol.Spend));

        Assert.Equal("bp.spend", serializer.Manifest(new BudgetProtocol.Spend("k", [])));
        Assert.Equal("bp.spent", serializer.Manifest(new BudgetProtocol.Spent(true, 0)));
        Assert.Equal("bp.stop", serializer.Manifest(BudgetProtocol.Stop.Instance));
    }

    [Fact]
    public void Should_have_a_sample_for_every_bound_type()
    {
        var sampled = SampleMessages.Select(m => m.GetType()).ToHashSet();

        Assert.Empty(RealNameSerializer.BoundTypes.Where(t => !sampled.Contains(t)).Select(t => t.FullName));
        Assert.Empty(sampled.Where(t => !RealNameSerializer.BoundTypes.Contains(t)).Select(t => t.FullName));
    }

    [Fact]
    public void Should_encrypt_personal_values_with_fresh_nonce_each_time()
    {
        var e = new SessionEvents.IdentityAccepted(new Sensitive("张三"), new Sensitive("11010519491231002X"), "key", T0);
        var serializer = Sys.Serialization.FindSerializerFor(e);

        var a = System.Text.Encoding.UTF8.GetString(serializer.ToBinary(e));
        var b = System.Text.Encoding.UTF8.GetString(serializer.ToBinary(e));

        Assert.DoesNotContain("11010519491231002X", a);
        Assert.DoesNotContain("张三", a);
        Assert.DoesNotContain("\\u5F20", a, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Should_encrypt_an_owned_value_under_its_accounts_own_key()
    {
        var e = new SessionEvents.IdentityAccepted(new Sensitive("张三", "acc_owned"), new Sensitive("11010519491231002X", "acc_owned"), "key", T0);

        var json = System.Text.Encoding.UTF8.GetString(Sys.Serialization.FindSerializerFor(e).ToBinary(e));

        Assert.Contains("\"v2:" + Keys.Current("acc_owned").KeyId + ":", json);
        Assert.DoesNotContain("张三", json);
        Assert.DoesNotContain("\\u5F20", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Should_read_an_owned_value_as_erased_once_its_accounts_key_is_destroyed()
    {
        var e = new SessionEvents.IdentityAccepted(new Sensitive("张三", "acc_shredded"), new Sensitive("11010519491231002X", "acc_shredded"), "key", T0,
            Phone: new Sensitive("13800138000", "acc_shredded"));
        var other = new SessionEvents.IdentityAccepted(new Sensitive("李四", "acc_kept"), new Sensitive("11010519491231002X", "acc_kept"), "key", T0);
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(e);
        var stored = serializer.ToBinary(e);
        var storedOther = serializer.ToBinary(other);

        Assert.True(Keys.Destroy("acc_shredded", T0) >= 1);

        var back = (SessionEvents.IdentityAccepted)serializer.FromBinary(stored, serializer.Manifest(e));
        Assert.True(back.Name.IsErased);
        Assert.True(back.IdNumber.IsErased);
        Assert.True(back.Phone!.Value.IsErased);
        Assert.Equal("", back.Name.Value);
        Assert.Equal("key", back.IdKey);
        Assert.Equal("李四", ((SessionEvents.IdentityAccepted)serializer.FromBinary(storedOther, serializer.Manifest(other))).Name.Value);
    }

    [Fact]
    public void Should_give_an_account_a_new_key_after_its_erasure()
    {
        var before = Keys.Current("acc_again").KeyId;
        Keys.Destroy("acc_again", T0);

        var e = new SessionEvents.IdentityAccepted(new Sensitive("张三", "acc_again"), new Sensitive("11010519491231002X", "acc_again"), "key", T0);
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(e);

        Assert.NotEqual(before, Keys.Current("acc_again").KeyId);
        Assert.Equal("张三", ((SessionEvents.IdentityAccepted)serializer.FromBinary(serializer.ToBinary(e), serializer.Manifest(e))).Name.Value);
    }

    [Fact]
    public void Should_refuse_to_open_a_value_naming_a_key_that_does_not_exist()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(SessionEvents.IdentityAccepted));
        var forged = """{"name":"v2:k00000000000000000000000000000000:acc_1:AAAA","idNumber":"x:","idKey":"key","at":"2026-11-23T12:00:00+00:00"}"""u8.ToArray();

        var read = (SessionEvents.IdentityAccepted)serializer.FromBinary(forged, "se.identity");

        Assert.IsType<System.Security.Cryptography.CryptographicException>(Assert.Throws<RealName.Domain.Security.UnreadablePersonalDataException>(() => read.Name.Value).InnerException);
    }

    [Fact]
    public void Should_write_a_sealed_value_back_as_the_envelope_it_was_read_from_without_opening_it()
    {
        var e = new SessionEvents.IdentityAccepted(new Sensitive("张三", "acc_sealed"), new Sensitive("11010519491231002X", "acc_sealed"), "key", T0);
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(e);
        var stored = serializer.ToBinary(e);
        var read = (SessionEvents.IdentityAccepted)serializer.FromBinary(stored, serializer.Manifest(e));
        Keys.Destroy("acc_sealed", T0);

        var written = serializer.ToBinary(read);

        Assert.Equal(stored, written);
        Assert.True(((SessionEvents.IdentityAccepted)serializer.FromBinary(written, serializer.Manifest(e))).Name.IsErased);
    }

    [Fact]
    public void Should_write_the_registry_snapshot_in_binary_and_read_it_back_with_its_values_sealed()
    {
        var owned = Identity with { AccountId = new AccountId("acc_snap"), Name = new Sensitive("张三", "acc_snap"), IdNumber = new Sensitive("11010519491231002X", "acc_snap"), AppealId = "ap_9" };
        var revoked = new Revocation(new AccountId("acc_old"), "appeal", "ap_9", T0, owned with { AccountId = new AccountId("acc_old") });
        var enterprise = new EnterpriseRecord(new AccountId("acc_e"), "ckey", Sid, VerificationMethod.CorporateAccount, SubjectType.Enterprise, "测试有限公司", "91350100M000100Y43", null, T0);
        var snapshot = new RegistryProtocol.Snapshot([owned, owned with { AccountId = new AccountId("acc_tz"), VerifiedAt = T0.ToOffset(TimeSpan.FromHours(8)) }], [revoked], [enterprise]);
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(snapshot);

        var bytes = serializer.ToBinary(snapshot);
        var back = (RegistryProtocol.Snapshot)serializer.FromBinary(bytes, serializer.Manifest(snapshot));

        Assert.Equal("re.snapshot.b", serializer.Manifest(snapshot));
        Assert.Equal(1, bytes[0]);
        Assert.DoesNotContain("11010519491231002X", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.NotNull(back.Identities[0].Name.Sealed);
        Assert.Equal(snapshot.Identities, back.Identities);
        Assert.Equal(TimeSpan.FromHours(8), back.Identities[1].VerifiedAt.Offset);
        Assert.Equal(revoked, Assert.Single(back.Revocations!));
        Assert.Equal(enterprise, Assert.Single(back.Enterprises!));
        Assert.Equal(bytes, serializer.ToBinary(back)); // owned values are written back as read, unopened
    }

    [Fact]
    public void Should_still_read_a_registry_snapshot_written_as_json()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(RegistryProtocol.Snapshot));
        var json = """{"identities":[{"accountId":{"value":"acc_1"},"idKey":"key","sessionId":{"value":"vs_abcdefghijklmnopqrstuvwx"},"method":"Face","name":"x:acc_1","idNumber":"x:acc_1","verifiedAt":"2026-11-23T12:00:00+00:00","appealId":null,"maskedName":null,"maskedIdNumber":null}],"revocations":null,"enterprises":null}"""u8.ToArray();

        var read = (RegistryProtocol.Snapshot)serializer.FromBinary(json, "re.snapshot");

        var identity = Assert.Single(read.Identities);
        Assert.Equal("acc_1", identity.AccountId.Value);
        Assert.True(identity.Name.IsErased);
    }

    [Fact]
    public void Should_refuse_a_truncated_registry_snapshot_with_a_serialization_error()
    {
        var snapshot = new RegistryProtocol.Snapshot([Identity]);
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(snapshot);
        var bytes = serializer.ToBinary(snapshot);

        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary(bytes[..(bytes.Length / 2)], "re.snapshot.b"));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([9, .. bytes[1..]], "re.snapshot.b"));
    }

    [Fact]
    public void Should_not_write_masked_personal_values_into_a_claim()
    {
        var answer = new RegistryProtocol.AccountAnswer(Identity with { Name = new Sensitive("张三", "acc_m1"), IdNumber = new Sensitive("11010519491231002X", "acc_m1") });

        var json = System.Text.Encoding.UTF8.GetString(Sys.Serialization.FindSerializerFor(answer).ToBinary(answer));

        Assert.DoesNotContain("maskedName", json, StringComparison.Ordinal);
        Assert.DoesNotContain("maskedIdNumber", json, StringComparison.Ordinal);
        Assert.DoesNotContain("002X", json);
    }

    [Fact]
    public void Should_refuse_unknown_manifest()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(SessionProtocol.Get));

        Assert.ThrowsAny<Exception>(() => serializer.FromBinary("{}"u8.ToArray(), "no.such"));
    }

    [Fact]
    public void Should_refuse_to_serialize_an_unregistered_type()
    {
        Assert.ThrowsAny<Exception>(() => Sys.Serialization.FindSerializerFor(new Unregistered("x")).ToBinary(new Unregistered("x")));
    }

    private sealed record Unregistered(string Value);
}
