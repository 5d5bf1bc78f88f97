using Akka.Actor;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using RealName.Actors.Identities;
using RealName.Actors.Providers;
using RealName.Actors.Sessions;
using RealName.Actors.Tests.Infrastructure;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Actors.Sessions.SessionProtocol;

namespace RealName.Actors.Tests.Sessions;

/// <summary>A session's behaviour in its bucket.</summary>
public sealed class LiveSessionSpecs(ITestOutputHelper output) : SessionSpec(output)
{
    /// <summary>A bucket for the session <paramref name="id"/> names (the id only says which session the spec starts).</summary>
    private IActorRef Start(string id, SessionSettings? settings = null, TimeProvider? clock = null, IActorRef? registry = null, LocalSessions? local = null) =>
        StartBucket(settings, clock, registry, local);

    /// <summary>A face session at <c>scanned</c> whose registry is a probe the test answers by hand (or <paramref name="answering"/>, a probe that answers itself).</summary>
    private (string Id, TestProbe Registry, IActorRef Session, string FaceCheckHash) ScannedWithManualRegistry(string account, SessionSettings? settings = null, TestProbe? answering = null)
    {
        var id = SessionId.New().Value;
        var registry = answering ?? CreateTestProbe();
        var session = Start(id, settings, registry: registry.Ref);
        session.Tell(new Create(id, account, VerificationMethod.Face, "req"));
        ExpectMsg<SessionReply>();
        session.Tell(new SubmitIdentity(id, new Sensitive("张三"), new Sensitive(IdNumber)));
        registry.ExpectMsg<RegistryProtocol.Check>();
        if (answering is null)
            registry.Reply(new RegistryProtocol.Verdict(null, null));
        var hash = SessionRules.HashToken(ExpectMsg<SessionReply>().QrSecret!);
        session.Tell(new Scan(id, hash, "app"));
        var scanned = ExpectMsg<SessionReply>();
        return (id, registry, session, SessionRules.HashToken(scanned.FaceBizToken!));
    }

    private void StopAndWait(IActorRef actor)
    {
        Watch(actor);
        actor.Tell(Stop.Instance);
        ExpectTerminated(actor);
    }

    private SessionReply CreateAndSubmit(IActorRef session, string id)
    {
        session.Tell(new Create(id, "acc_" + id[3..9], VerificationMethod.Face, "req"));
        Assert.Null(ExpectMsg<SessionReply>().Error);
        session.Tell(new SubmitIdentity(id, new Sensitive("张三"), new Sensitive(IdNumber)));
        var reply = ExpectMsg<SessionReply>();
        Assert.Null(reply.Error);
        return reply;
    }

    [Fact]
    public void Should_leave_its_stored_state_for_local_reads_and_take_it_back_when_it_leaves_memory()
    {
        var local = new LocalSessions();
        var id = SessionId.New().Value;
        var session = Start(id, local: local);
        session.Tell(new Get(id));
        ExpectMsg<SessionReply>();
        Assert.False(local.TryGet(id, out _)); // no session yet: a read asks, and learns it does not exist

        session.Tell(new Create(id, "acc_local", VerificationMethod.Face, "req"));
        ExpectMsg<SessionReply>();
        Assert.True(local.TryGet(id, out var created));
        Assert.Equal(SessionStatus.RequiresInput, created.Status);

        session.Tell(new SubmitIdentity(id, new Sensitive("张三"), new Sensitive(IdNumber)));
        var answered = ExpectMsg<SessionReply>().Session!;
        Assert.True(local.TryGet(id, out var submitted));
        Assert.Equal(answered, ToView(submitted, Clock.GetUtcNow())); // what a local read shows is what the session answers

        StopAndWait(session);
        Assert.False(local.TryGet(id, out _));

        var again = Start(id, local: local); // recovered from the journal on its next message
        again.Tell(new Get(id));
        ExpectMsg<SessionReply>();
        Assert.True(local.TryGet(id, out var recovered));
        Assert.Equal(SessionStatus.AwaitingScan, recovered.Status);
    }

    [Fact]
    public async Task Should_answer_a_retried_create_with_what_its_creation_answered_after_moving_on_and_a_restart()
    {
        var id = SessionId.New().Value;
        var session = Start(id);
        session.Tell(new Create(id, "acc_" + id[3..9], VerificationMethod.Face, "req"));
        var created = ExpectMsg<SessionReply>().Session!;
        session.Tell(new SubmitIdentity(id, new Sensitive("张三"), new Sensitive(IdNumber)));
        Assert.Equal(SessionStatus.AwaitingScan, ExpectMsg<SessionReply>().Session!.Status);
        StopAndWait(session);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var restarted = Start(id);

        restarted.Tell(new Create(id, "acc_" + id[3..9], VerificationMethod.Face, "req"));
        var again = ExpectMsg<SessionReply>();
        restarted.Tell(new Create(id, "acc_" + id[3..9], VerificationMethod.Face, "another request"));
        var conflict = ExpectMsg<SessionReply>();

        Assert.Null(again.Error);
        Assert.Equal(created, again.Session);
        Assert.Equal(ErrorCodes.IdempotencyConflict, conflict.Error?.Code);
        Assert.Equal(2, (await JournalEventsAsync("session-" + id)).Count); // Created, IdentityAccepted: retries write nothing
    }

    [Fact]
    public async Task Should_create_nothing_when_asked_only_to_replay_a_create_it_never_had()
    {
        var id = SessionId.New().Value;
        var session = Start(id);

        session.Tell(new Create(id, "acc_" + id[3..9], VerificationMethod.Face, "req", ReplayOnly: true));

        Assert.Equal(ErrorCodes.SessionNotFound, ExpectMsg<SessionReply>().Error?.Code);
        Assert.Empty(await JournalEventsAsync("session-" + id));
    }

    [Fact]
    public void Should_recover_state_after_its_bucket_is_stopped()
    {
        var id = SessionId.New().Value;
        var session = Start(id);
        CreateAndSubmit(session, id);
        StopAndWait(session);

        Start(id).Tell(new Get(id));

        var view = ExpectMsg<SessionReply>().Session!;
        Assert.Equal(SessionStatus.AwaitingScan, view.Status);
        Assert.Equal("*三", view.MaskedName);
        Assert.Equal("110***********002X", view.MaskedIdNumber);
    }

    [Fact]
    public async Task Should_answer_identical_resubmissions_with_the_live_qr_it_holds_and_write_nothing()
    {
        var id = SessionId.New().Value;
        var session = Start(id);
        var first = CreateAndSubmit(session, id).QrSecret!;

        for (var i = 0; i < 3; i++)
        {
            session.Tell(new SubmitIdentity(id, new Sensitive("张三"), new Sensitive(IdNumber)));
            var again = ExpectMsg<SessionReply>();
            Assert.Null(again.Error);
            Assert.Equal(first, again.QrSecret);
        }
        session.Tell(new Scan(id, SessionRules.HashToken(first), "app_1"));
        Assert.Null(ExpectMsg<SessionReply>().Error);
        Assert.Single(await JournalEventsAsync("session-" + id), e => e is SessionEvents.ISessionEvent s && SessionRules.IssuesQr(s));
    }

    [Fact]
    public void Should_answer_a_resubmission_with_a_new_qr_when_the_live_secret_left_memory_with_the_entity()
    {
        var id = SessionId.New().Value;
        var session = Start(id);
        var first = CreateAndSubmit(session, id).QrSecret!;
        StopAndWait(session); // a shard hand-off: the journal has the QR's hash, no one has its secret

        var restarted = Start(id);
        restarted.Tell(new SubmitIdentity(id, new Sensitive("张三"), new Sensitive(IdNumber)));
        var again = ExpectMsg<SessionReply>();

        Assert.Null(again.Error);
        Assert.NotNull(again.QrSecret);
        Assert.NotEqual(first, again.QrSecret);
        restarted.Tell(new Scan(id, SessionRules.HashToken(again.QrSecret!), "app_1"));
        Assert.Null(ExpectMsg<SessionReply>().Error);
    }

    [Fact]
    public void Should_expire_qr_at_its_ttl_even_across_restart()
    {
        var id = SessionId.New().Value;
        var session = Start(id);
        var secret = CreateAndSubmit(session, id).QrSecret!;
        StopAndWait(session);
        Clock.Advance(TimeSpan.FromSeconds(121));

        Start(id).Tell(new Scan(id, SessionRules.HashToken(secret), "app_1"));

        Assert.Equal(ErrorCodes.QrExpired, ExpectMsg<SessionReply>().Error?.Code);
    }

    [Fact]
    public void Should_accept_scan_within_qr_ttl_after_restart()
    {
        var id = SessionId.New().Value;
        var session = Start(id);
        var secret = CreateAndSubmit(session, id).QrSecret!;
        StopAndWait(session);
        Clock.Advance(TimeSpan.FromSeconds(119));

        Start(id).Tell(new Scan(id, SessionRules.HashToken(secret), "app_1"));

        Assert.Equal(SessionStatus.Scanned, ExpectMsg<SessionReply>().Session!.Status);
    }

    [Fact]
    public async Task Should_persist_expiry_on_time_after_restart_without_being_asked()
    {
        var id = SessionId.New().Value;
        var settings = new SessionSettings { Ttl = TimeSpan.FromSeconds(3) };
        var session = Start(id, settings, TimeProvider.System);
        session.Tell(new Create(id, "acc_exp", VerificationMethod.Face, "req"));
        ExpectMsg<SessionReply>();
        StopAndWait(session);

        // Restarted (as after a node restart) and then left alone: its timer must be re-armed from the journal.
        Start(id, settings, TimeProvider.System).Tell(new WakeUp(id));
        ExpectMsg<SessionReply>();

        await AwaitAssertAsync(async () =>
            Assert.Contains(await JournalEventsAsync(new SessionId(id).PersistenceId), e => e is SessionEvents.Expired), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Should_keep_personal_data_out_of_the_journal_in_clear()
    {
        var id = SessionId.New().Value;
        CreateAndSubmit(Start(id), id);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(DataPath, "journal.db-wal"));
        var text = System.Text.Encoding.UTF8.GetString(bytes);

        Assert.DoesNotContain(IdNumber, text);
        Assert.DoesNotContain("张三", text);
        Assert.Contains(await JournalEventsAsync(new SessionId(id).PersistenceId), e => e is SessionEvents.IdentityAccepted a && a.IdNumber.Value == IdNumber);
    }

    [Fact]
    public void Should_retry_claim_until_registry_answers()
    {
        var settings = new SessionSettings { CallTimeout = TimeSpan.FromMilliseconds(300), ClaimRetryInterval = TimeSpan.FromMilliseconds(100) };
        // The registry answers on its own, within the 300 ms asks however late the test thread runs: every
        // check, and every claim but the first, which is lost, as during a singleton hand-over.
        var registry = CreateTestProbe();
        var claims = 0;
        registry.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is RegistryProtocol.Check || (message is RegistryProtocol.Claim && Interlocked.Increment(ref claims) > 1))
                sender.Tell(new RegistryProtocol.Verdict(null, null));
            return AutoPilot.KeepRunning;
        }));
        var (id, _, session, hash) = ScannedWithManualRegistry("acc_retry", settings, registry);

        session.Tell(new FaceResult(id, hash, true, 0.9, true, "ref"));
        registry.ExpectMsg<RegistryProtocol.Claim>(); // lost
        registry.ExpectMsg<RegistryProtocol.Claim>(TimeSpan.FromSeconds(5));

        Assert.Equal(SessionStatus.Verified, ExpectMsg<SessionReply>().Session!.Status);
    }

    [Fact]
    public void Should_reclaim_after_restart_between_face_pass_and_verification()
    {
        var (id, registry, session, hash) = ScannedWithManualRegistry("acc_crash");
        session.Tell(new FaceResult(id, hash, true, 0.9, true, "ref"));
        registry.ExpectMsg<RegistryProtocol.Claim>();
        StopAndWait(session); // "crash" before the registry's answer arrives

        var restarted = Start(id, registry: registry.Ref);
        restarted.Tell(new WakeUp(id)); // its next message (the sweeper's wake-up, a status read) reads it again
        ExpectMsg<SessionReply>();
        registry.ExpectMsg<RegistryProtocol.Claim>();
        registry.Reply(new RegistryProtocol.Verdict(null, null));

        AwaitAssert(() =>
        {
            restarted.Tell(new Get(id));
            Assert.Equal(SessionStatus.Verified, ExpectMsg<SessionReply>().Session!.Status);
        }, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Should_fail_session_when_registry_refuses_claim()
    {
        var (id, registry, session, hash) = ScannedWithManualRegistry("acc_lost");

        session.Tell(new FaceResult(id, hash, true, 0.9, true, "ref"));
        registry.ExpectMsg<RegistryProtocol.Claim>();
        registry.Reply(new RegistryProtocol.Verdict(ErrorCodes.IdAlreadyVerified, "acc_other"));

        var view = ExpectMsg<SessionReply>().Session!;
        Assert.Equal(SessionStatus.Failed, view.Status);
        Assert.Equal(ErrorCodes.IdAlreadyVerified, view.LastErrorCode);
    }

    [Fact]
    public void Should_answer_provider_unavailable_and_stay_open_when_authority_is_down()
    {
        var id = SessionId.New().Value;
        var session = Start(id);
        session.Tell(new Create(id, "acc_down", VerificationMethod.Face, "req"));
        ExpectMsg<SessionReply>();

        session.Tell(new SubmitIdentity(id, new Sensitive("张三"), new Sensitive("110105194912319980")));

        var reply = ExpectMsg<SessionReply>();
        Assert.Equal(ErrorCodes.ProviderUnavailable, reply.Error?.Code);
        Assert.Equal(SessionStatus.RequiresInput, reply.Session!.Status);
    }

    [Fact]
    public async Task Should_store_a_submitted_identity_under_its_accounts_key_and_recover_it_erased_once_the_key_is_destroyed()
    {
        var id = SessionId.New().Value;
        var account = "acc_" + id[3..9];
        var session = Start(id);
        CreateAndSubmit(session, id);
        StopAndWait(session);
        var accepted = (await JournalEventsAsync(new SessionId(id).PersistenceId)).OfType<SessionEvents.IdentityAccepted>().Single();
        Assert.Equal(account, accepted.Name.Subject);

        Keys.Destroy(account, DateTimeOffset.UtcNow);
        var recovered = Start(id);
        recovered.Tell(new Get(id));

        var view = ExpectMsg<SessionReply>().Session!;
        Assert.Null(view.MaskedName);
        Assert.Null(view.MaskedIdNumber);
        Assert.True(view.PersonalDataErased);
        Assert.Equal(SessionStatus.AwaitingScan, view.Status);
    }

    [Fact]
    public void Should_forget_a_live_sessions_identity_and_cancel_it_when_its_account_is_erased()
    {
        var id = SessionId.New().Value;
        var session = Start(id);
        CreateAndSubmit(session, id);

        session.Tell(new ForgetAccount(id, "acc_" + id[3..9], Clock.GetUtcNow()));
        session.Tell(new Get(id));

        var view = ExpectMsg<SessionReply>().Session!;
        Assert.Equal(SessionStatus.Canceled, view.Status);
        Assert.Null(view.MaskedName);
        Assert.True(view.PersonalDataErased);
        StopAndWait(session);
        var recovered = Start(id);
        recovered.Tell(new Get(id));
        Assert.Equal(SessionStatus.Canceled, ExpectMsg<SessionReply>().Session!.Status);
    }

    [Fact]
    public void Should_ignore_an_erasure_of_another_account_or_from_before_the_session_began()
    {
        var id = SessionId.New().Value;
        var session = Start(id);
        CreateAndSubmit(session, id);

        session.Tell(new ForgetAccount(id, "acc_someone_else", Clock.GetUtcNow()));
        session.Tell(new ForgetAccount(id, "acc_" + id[3..9], Clock.GetUtcNow().AddDays(-1)));
        session.Tell(new Get(id));

        var view = ExpectMsg<SessionReply>().Session!;
        Assert.Equal(SessionStatus.AwaitingScan, view.Status);
        Assert.Equal("*三", view.MaskedName);
    }
}
