using System.Text;
using Akka.Serialization;
using RealName.Actors.Tests.Infrastructure;
using RealName.Domain.Appeals;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;

namespace RealName.Actors.Tests.Serialization;

/// <summary>Who caused a stored event (issue 14, item 7): new fields optional, so journals written before still read.</summary>
public sealed class AttributionSerializationSpecs(ITestOutputHelper output) : SqliteActorSpec(output)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private SerializerWithStringManifest Serializer => (SerializerWithStringManifest)Sys.Serialization.FindSerializerForType(typeof(SessionEvents.QrScanned));

    [Fact]
    public void Should_read_a_session_event_stored_before_callers_were_recorded_as_the_plain_event()
    {
        var back = Serializer.FromBinary("{\"code\":\"name_id_mismatch\",\"at\":\"2026-11-23T12:00:00+00:00\"}"u8.ToArray(), "se.rejected");

        Assert.Equal(new SessionEvents.InputRejected("name_id_mismatch", T0), back);
        Assert.Null(AttributedEvent.Open(back).By);
    }

    [Fact]
    public void Should_store_the_caller_as_a_leading_field_of_the_events_own_json_under_its_own_manifest()
    {
        var attributed = new AttributedEvent(new SessionEvents.InputRejected("name_id_mismatch", T0), "web");

        var bytes = Serializer.ToBinary(attributed);

        Assert.Equal("se.rejected", Serializer.Manifest(attributed));
        Assert.StartsWith("{\"by\":\"web\",\"code\":\"name_id_mismatch\"", Encoding.UTF8.GetString(bytes));
        Assert.Equal(attributed, Serializer.FromBinary(bytes, "se.rejected"));
    }

    [Fact]
    public void Should_read_operator_decisions_stored_before_names_were_recorded_without_a_name()
    {
        var approved = (AppealEvents.AppealApproved)Serializer.FromBinary(
            "{\"appealId\":\"ap_1\",\"reason\":\"checked\",\"at\":\"2026-11-23T12:00:00+00:00\"}"u8.ToArray(), "ae.approved");
        var erased = new RegistryEvents.AccountErased(new AccountId("acc_1"), T0);
        var json = Encoding.UTF8.GetString(Serializer.ToBinary(erased)).Replace(",\"by\":null", "");

        Assert.Equal(new AppealEvents.AppealApproved("ap_1", "checked", T0), approved);
        Assert.Null(((RegistryEvents.AccountErased)Serializer.FromBinary(Encoding.UTF8.GetBytes(json), "re.erased")).By);
        Assert.DoesNotContain("\"by\"", json);
    }
}
