using System.Security.Cryptography;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using RealName.Actors.Security;
using RealName.Actors.Serialization;
using RealName.Domain.Security;
using RealName.Domain.Sessions;

namespace RealName.Benchmarks;

/// <summary>
/// The journal's serializer: an event without personal data, and one whose name and ID number are
/// encrypted (AES-GCM) on the way in and decrypted on the way out.
/// </summary>
[MemoryDiagnoser]
public class SerializerBenchmarks
{
    private readonly SessionEvents.Created _created = new(new SessionId("vs_benchmark0000000000000000"), new AccountId("acc_1001"), VerificationMethod.Face, "0f1e2d3c", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(30));
    private readonly SessionEvents.IdentityAccepted _identity = new(new Sensitive("张三"), new Sensitive("11010519491231002X"), new string('a', 64), DateTimeOffset.UtcNow);
    private ActorSystem _system = null!;
    private RealNameSerializer _serializer = null!;
    private byte[] _createdBytes = [];
    private byte[] _identityBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var setup = BootstrapSetup.Create().WithConfig(SerializationHosting.Config())
            .And(new RealNameSecrets(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32)));
        _system = ActorSystem.Create("serializer-benchmarks", setup);
        _serializer = (RealNameSerializer)_system.Serialization.FindSerializerFor(_created);
        _createdBytes = _serializer.ToBinary(_created);
        _identityBytes = _serializer.ToBinary(_identity);
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public byte[] Serialize_created() => _serializer.ToBinary(_created);

    [Benchmark]
    public object Deserialize_created() => _serializer.FromBinary(_createdBytes, _serializer.Manifest(_created));

    /// <summary>Encryption of an event: two personal values sealed with AES-GCM inside the JSON.</summary>
    [Benchmark]
    public byte[] Serialize_identity_encrypting() => _serializer.ToBinary(_identity);

    [Benchmark]
    public object Deserialize_identity_decrypting() => _serializer.FromBinary(_identityBytes, _serializer.Manifest(_identity));
}
