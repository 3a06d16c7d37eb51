#version 330 core
in vec4 vColour;
in vec2 vEdge;

out vec4 fragColour;

void main()
{
    // Full coverage inside the half width, fading to zero over the outermost pixel: smooth edges without MSAA.
    float coverage = clamp(vEdge.y + 0.5 - abs(vEdge.x), 0.0, 1.0);
    float alpha = vColour.a * coverage;
    // Premultiplied output, blended with (ONE, ONE_MINUS_SRC_ALPHA): correct over a transparent window too.
    fragColour = vec4(vColour.rgb * alpha, alpha);
}
