package tcptrace.e2e.libs;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * gRPC over grpc-netty-shaded (its relocated Netty, epoll on Linux): two unary calls of a bytes echo, then the
 * channel shuts down, then the server.
 */
final class GrpcRun implements LibraryRun {
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    private static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("tcptrace.Echo/Echo")
            .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

    @Override
    public void run(int port) throws Exception {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(HOST, port))
                .addService(ServerServiceDefinition.builder("tcptrace.Echo")
                        .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, reply) -> {
                            reply.onNext(request);
                            reply.onCompleted();
                        })).build())
                .build().start();
        ManagedChannel channel = NettyChannelBuilder.forAddress(HOST, port).usePlaintext().build();
        for (int i = 0; i < 2; i++) {
            byte[] back = ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, new byte[100]);
            Check.bytes(back.length, 100);
        }
        channel.shutdown();
        if (!channel.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gRPC channel did not terminate");
        }
        server.shutdown();
        if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gRPC server did not terminate");
        }
    }
}
