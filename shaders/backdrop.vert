#version 330 core
// The circumplex disc: one quad over the circle's bounding square.
layout(location = 0) in vec4 aPositionOffset; // xy: corner position in pixels; zw: offset from the centre in pixels

uniform vec2 uViewport;

out vec2 vOffset;

void main()
{
    vec2 p = aPositionOffset.xy;
    gl_Position = vec4(p.x / uViewport.x * 2.0 - 1.0, 1.0 - p.y / uViewport.y * 2.0, 0.0, 1.0);
    vOffset = aPositionOffset.zw;
}
