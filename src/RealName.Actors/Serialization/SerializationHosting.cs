using Akka.Configuration;
using Akka.Hosting;

namespace RealName.Actors.Serialization;

public static class SerializationHosting
{
    /// <summary>
    /// Binds every RealName message, event and snapshot to <see cref="RealNameSerializer"/>.
    /// The marker binding covers cluster messages; the explicit ones cover domain events,
    /// which know nothing of Akka.
    /// </summary>
    public static Config Config()
    {
        var bindings = RealNameSerializer.BoundTypes.Append(typeof(IRealNameMessage))
            .Select(t => $"  \"{t.FullName}, {t.Assembly.GetName().Name}\" = realname");
        return ConfigurationFactory.ParseString($$"""
            akka.actor {
              # Anything crossing a node or reaching the journal must be bound: no silent Newtonsoft fallback.
              serialization-settings.allow-unregistered-types = false
              serializers.realname = "{{typeof(RealNameSerializer).FullName}}, {{typeof(RealNameSerializer).Assembly.GetName().Name}}"
              serialization-bindings {
            {{string.Join("\n", bindings)}}
              }
            }
            """);
    }

    public static AkkaConfigurationBuilder AddRealNameSerialization(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(Config(), HoconAddMode.Prepend);
}
