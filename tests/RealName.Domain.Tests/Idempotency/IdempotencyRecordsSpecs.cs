using RealName.Domain.Idempotency;

namespace RealName.Domain.Tests.Idempotency;

public sealed class IdempotencyRecordsSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan RunningFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private static readonly StoredAnswer Ok = new(200, "application/json", null, null, "{\"id\":\"vs_1\"}");

    [Fact]
    public void Should_run_a_new_key_and_hold_it_while_it_runs()
    {
        var start = IdempotencyRecords.Start(null, "h1", T0, RunningFor);

        Assert.Equal(IdempotencyOutcome.Fresh, start.Outcome);
        Assert.Equal(IdempotencyOutcome.InProgress, IdempotencyRecords.Start(start.Record, "h1", T0.AddSeconds(1), RunningFor).Outcome);
    }

    [Fact]
    public void Should_replay_the_first_answer_to_the_same_request_until_retention_ends()
    {
        var record = IdempotencyRecords.Complete(IdempotencyRecords.Start(null, "h1", T0, RunningFor).Record, "h1", Ok, T0.AddSeconds(1), Retention);

        var retry = IdempotencyRecords.Start(record, "h1", T0.AddHours(23), RunningFor);
        Assert.Equal(IdempotencyOutcome.Replay, retry.Outcome);
        Assert.Same(Ok, retry.Answer);
        Assert.Equal(IdempotencyOutcome.Fresh, IdempotencyRecords.Start(record, "h1", T0.AddSeconds(1) + Retention, RunningFor).Outcome);
    }

    [Fact]
    public void Should_refuse_the_same_key_with_another_request_while_it_runs_and_after()
    {
        var running = IdempotencyRecords.Start(null, "h1", T0, RunningFor).Record;
        Assert.Equal(IdempotencyOutcome.Conflict, IdempotencyRecords.Start(running, "h2", T0.AddSeconds(1), RunningFor).Outcome);

        var answered = IdempotencyRecords.Complete(running, "h1", Ok, T0.AddSeconds(2), Retention);
        Assert.Equal(IdempotencyOutcome.Conflict, IdempotencyRecords.Start(answered, "h2", T0.AddHours(1), RunningFor).Outcome);
    }

    [Fact]
    public void Should_let_a_retry_run_when_the_first_request_died_unanswered()
    {
        var running = IdempotencyRecords.Start(null, "h1", T0, RunningFor).Record;

        Assert.Equal(IdempotencyOutcome.Fresh, IdempotencyRecords.Start(running, "h1", T0 + RunningFor, RunningFor).Outcome);
    }

    [Fact]
    public void Should_forget_a_server_error_so_the_retry_runs_again()
    {
        var running = IdempotencyRecords.Start(null, "h1", T0, RunningFor).Record;
        var failed = IdempotencyRecords.Complete(running, "h1", new StoredAnswer(503, "application/json", null, null, "{\"id\":\"vs_1\"}"), T0.AddSeconds(1), Retention);

        Assert.Null(failed);
        Assert.Equal(IdempotencyOutcome.Fresh, IdempotencyRecords.Start(failed, "h1", T0.AddSeconds(2), RunningFor).Outcome);
    }

    [Fact]
    public void Should_keep_the_first_answer_when_a_late_twin_completes()
    {
        var running = IdempotencyRecords.Start(null, "h1", T0, RunningFor).Record;
        var answered = IdempotencyRecords.Complete(running, "h1", Ok, T0.AddSeconds(1), Retention);

        var late = IdempotencyRecords.Complete(answered, "h1", new StoredAnswer(200, "application/json", null, null, "{}"), T0.AddSeconds(2), Retention);

        Assert.Same(Ok, late!.Answer);
    }
}
